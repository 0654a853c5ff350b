"""Every catalog query PostgreSQL introspection runs, in one place.

The queries are batched: each reads one kind of object for *all* selected schemas at once, so the
number of round trips does not grow with the number of tables. Queries that take the schema list
use the named parameter ``%(schemas)s`` (a ``name[]`` whitelist, already resolved by the caller).

They are meant to run inside one ``REPEATABLE READ READ ONLY`` transaction whose ``search_path``
is ``pg_catalog`` only (see :data:`SERVER_INFO`), so that ``format_type``, ``pg_get_expr`` and
``pg_get_constraintdef`` schema-qualify every user object the same way whatever the caller's
``search_path`` is: the output is deterministic.

A few fragments depend on the server version; they are filled in with :func:`str.format` by
:func:`datalchemy.introspect.postgres.catalog_queries` (placeholders in braces; literal braces in
the SQL are doubled). The supported minimum is PostgreSQL 12 (generated columns).
"""

from __future__ import annotations

__all__ = [
    "COLUMNS",
    "CONSTRAINTS",
    "DOMAIN_CHECKS",
    "INDEXES",
    "MIN_SERVER_VERSION_NUM",
    "NULLS_NOT_DISTINCT_FALLBACK",
    "NULLS_NOT_DISTINCT_PG15",
    "RELATIONS",
    "SCHEMAS",
    "SEQUENCES",
    "SERVER_INFO",
    "TRIGGERS",
    "TRIGGER_CLONE_FALLBACK",
    "TRIGGER_CLONE_PG13",
    "TYPES",
]

#: Oldest server the queries work on (``attgenerated`` appeared in PostgreSQL 12).
MIN_SERVER_VERSION_NUM = 120000

# Database name and server version; also pins the transaction's search_path to pg_catalog so all
# deparsed SQL below is schema-qualified deterministically (set_config(..., true) = SET LOCAL).
SERVER_INFO = """
select current_database() as database,
       current_setting('server_version') as server_version,
       current_setting('server_version_num')::int as server_version_num,
       set_config('search_path', 'pg_catalog', true) as search_path
"""

# Every schema name; filtered (system schemas, the user's whitelist) in Python.
SCHEMAS = """
select n.nspname as name
from pg_catalog.pg_namespace n
order by n.nspname
"""

# The relations of the selected schemas that the contract holds: tables, partitioned tables,
# partitions (relispartition, with their parent and bound), views, materialized views and
# foreign tables, with their comment.
RELATIONS = """
select c.oid as oid,
       n.nspname as schema,
       c.relname as name,
       c.relkind::text as relkind,
       c.relispartition as is_partition,
       pn.nspname as parent_schema,
       pc.relname as parent_name,
       case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end
           as partition_bound,
       case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partition_key,
       d.description as comment
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_inherits inh on c.relispartition and inh.inhrelid = c.oid
left join pg_catalog.pg_class pc on pc.oid = inh.inhparent
left join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace
left join pg_catalog.pg_description d
       on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
where n.nspname = any(%(schemas)s::name[])
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
order by n.nspname, c.relname
"""

# Every live column of those relations (dropped columns leave attnum gaps; attnum is kept as the
# ordinal). The default is split from the expression of a generated column by attgenerated; the
# collation is reported only when it differs from the type's own; element_type is the declared
# element of an array column (with the column's typmod, e.g. 'character varying(10)').
COLUMNS = """
select a.attrelid as relid,
       a.attnum as ordinal,
       a.attname as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as declared_type,
       a.atttypid as type_oid,
       a.atttypmod as typmod,
       a.attndims as ndims,
       a.attnotnull as not_null,
       a.attidentity::text as identity,
       a.attgenerated::text as generated,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) as default_expr,
       case when t.typcategory = 'A' and t.typelem <> 0
            then pg_catalog.format_type(t.typelem, a.atttypmod) end as element_type,
       case when a.attcollation <> 0 and a.attcollation <> t.typcollation
            then case when cn.nspname = 'pg_catalog' then co.collname::text
                      else cn.nspname || '.' || co.collname end end as collation,
       d.description as comment
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_catalog.pg_collation co on co.oid = a.attcollation
left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
left join pg_catalog.pg_description d
       on d.objoid = a.attrelid and d.classoid = 'pg_catalog.pg_class'::regclass
      and d.objsubid = a.attnum
where n.nspname = any(%(schemas)s::name[])
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and a.attnum > 0
  and not a.attisdropped
order by a.attrelid, a.attnum
"""

# The types the contract needs, as a closure: the types of every selected column plus every
# domain and enum of the selected schemas, then (recursively) array element types and domain
# base types. Enum labels come in sort order; domains bring their base as format_type prints it
# and, when the base is an array, its element type printed with the domain's typmod.
_TYPE_CLOSURE = """
with recursive seed(oid) as (
    select a.atttypid
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_class c on c.oid = a.attrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any(%(schemas)s::name[])
      and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and a.attnum > 0
      and not a.attisdropped
    union
    select t.oid
    from pg_catalog.pg_type t
    join pg_catalog.pg_namespace n on n.oid = t.typnamespace
    where n.nspname = any(%(schemas)s::name[])
      and t.typtype in ('d', 'e')
),
closure(oid) as (
    select oid from seed
    union
    select nxt.oid
    from closure cl
    join pg_catalog.pg_type t on t.oid = cl.oid
    cross join lateral (values (t.typelem), (t.typbasetype)) as nxt(oid)
    where nxt.oid <> 0
)
"""

TYPES = (
    _TYPE_CLOSURE
    + """
select t.oid as oid,
       n.nspname as schema,
       t.typname as name,
       t.typtype::text as typtype,
       t.typcategory::text as category,
       t.typelem as elem_oid,
       t.typbasetype as base_oid,
       t.typtypmod as typmod,
       t.typndims as ndims,
       t.typnotnull as not_null,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) as default_expr,
       pg_catalog.format_type(t.oid, null) as display,
       case when t.typtype = 'd'
            then pg_catalog.format_type(t.typbasetype, t.typtypmod) end as base_type,
       case when t.typcategory = 'A' and t.typelem <> 0
            then pg_catalog.format_type(t.typelem, null)
            when t.typtype = 'd' and bt.typcategory = 'A' and bt.typelem <> 0
            then pg_catalog.format_type(bt.typelem, t.typtypmod) end as element_type,
       case when t.typtype = 'e'
            then array(select e.enumlabel::text
                       from pg_catalog.pg_enum e
                       where e.enumtypid = t.oid
                       order by e.enumsortorder) end as enum_labels
from closure cl
join pg_catalog.pg_type t on t.oid = cl.oid
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
left join pg_catalog.pg_type bt on bt.oid = t.typbasetype
order by n.nspname, t.typname
"""
)

# CHECK constraints of the domains in the type closure (domain NOT NULL is typnotnull).
DOMAIN_CHECKS = (
    _TYPE_CLOSURE
    + """
select con.contypid as domain_oid,
       con.conname as name,
       pg_catalog.pg_get_constraintdef(con.oid, true) as definition,
       con.convalidated as validated
from closure cl
join pg_catalog.pg_constraint con on con.contypid = cl.oid
where con.contype = 'c'
order by con.contypid, con.conname
"""
)

# Primary keys, foreign keys, UNIQUE, CHECK and exclusion constraints of the selected relations.
# Key columns come in key order (unnest ... with ordinality), with their attnums so CHECK columns
# can be sorted by position. FK clones that PostgreSQL adds to partitions, and to tables that
# reference a partitioned table, have conparentid <> 0 and are skipped: the parent's FK is the
# real one. nulls_not_distinct comes from the backing index ({nulls_not_distinct} by version).
CONSTRAINTS = """
select con.conrelid as relid,
       con.conname as name,
       con.contype::text as contype,
       array(select a.attname::text
             from unnest(con.conkey) with ordinality as k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
             order by k.ord) as columns,
       array(select k.attnum::int
             from unnest(con.conkey) with ordinality as k(attnum, ord)
             order by k.ord) as attnums,
       rn.nspname as ref_schema,
       rc.relname as ref_table,
       array(select a.attname::text
             from unnest(con.confkey) with ordinality as k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
             order by k.ord) as ref_columns,
       con.confupdtype::text as on_update,
       con.confdeltype::text as on_delete,
       con.confmatchtype::text as match_type,
       con.condeferrable as deferrable,
       con.condeferred as initially_deferred,
       con.convalidated as validated,
       pg_catalog.pg_get_constraintdef(con.oid, true) as definition,
       coalesce(ci.nulls_not_distinct, false) as nulls_not_distinct
from pg_catalog.pg_constraint con
join pg_catalog.pg_class c on c.oid = con.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_class rc on rc.oid = con.confrelid
left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
left join lateral (
    select {nulls_not_distinct} as nulls_not_distinct
    from pg_catalog.pg_index i
    where i.indexrelid = con.conindid and con.contype = 'u'
) ci on true
where n.nspname = any(%(schemas)s::name[])
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and con.contype in ('p', 'f', 'u', 'c', 'x')
  and not (con.contype = 'f' and con.conparentid <> 0)
order by con.conrelid, con.conname
"""

#: Value of ``{nulls_not_distinct}`` in :data:`CONSTRAINTS` / :data:`INDEXES` on PostgreSQL 15+.
NULLS_NOT_DISTINCT_PG15 = "i.indnullsnotdistinct"
#: Value of ``{nulls_not_distinct}`` before PostgreSQL 15 (the option does not exist there).
NULLS_NOT_DISTINCT_FALLBACK = "false"

# Every index of the selected relations. Key parts (not INCLUDE columns) come in key order as two
# parallel arrays: the column name, or null for an expression, and the deparsed key part.
# backs_constraint marks indexes owned by a PK / UNIQUE / exclusion constraint of the same table
# (an FK's conindid points at the *referenced* table's index, hence the conrelid test).
INDEXES = """
select i.indrelid as relid,
       ic.relname as name,
       i.indisunique as is_unique,
       i.indisprimary as is_primary,
       i.indisvalid as is_valid,
       am.amname as method,
       array(select case when i.indkey[k.n - 1] = 0 then null else a.attname::text end
             from generate_series(1, i.indnkeyatts) as k(n)
             left join pg_catalog.pg_attribute a
                    on a.attrelid = i.indrelid and a.attnum = i.indkey[k.n - 1]
             order by k.n) as key_columns,
       array(select pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true)
             from generate_series(1, i.indnkeyatts) as k(n)
             order by k.n) as key_parts,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate,
       pg_catalog.pg_get_indexdef(i.indexrelid) as definition,
       {nulls_not_distinct} as nulls_not_distinct,
       exists (select 1
               from pg_catalog.pg_constraint con
               where con.conindid = i.indexrelid
                 and con.conrelid = i.indrelid
                 and con.contype in ('p', 'u', 'x')) as backs_constraint
from pg_catalog.pg_index i
join pg_catalog.pg_class ic on ic.oid = i.indexrelid
join pg_catalog.pg_class c on c.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_am am on am.oid = ic.relam
where n.nspname = any(%(schemas)s::name[])
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
order by i.indrelid, ic.relname
"""

# User triggers (not the internal ones behind FKs) of the selected relations, with the language and
# source of their function (datalchemy.triggers reads PL/pgSQL bodies). tgtype is decoded in
# Python; is_clone ({trigger_clone} by version) marks copies of a parent's trigger on partitions.
TRIGGERS = """
select t.tgrelid as relid,
       t.tgname as name,
       t.tgtype::int as tgtype,
       t.tgenabled::text as enabled,
       fn.nspname || '.' || f.proname as function,
       l.lanname as function_language,
       f.prosrc as function_body,
       pg_catalog.pg_get_triggerdef(t.oid) as definition,
       {trigger_clone} as is_clone
from pg_catalog.pg_trigger t
join pg_catalog.pg_class c on c.oid = t.tgrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_proc f on f.oid = t.tgfoid
join pg_catalog.pg_namespace fn on fn.oid = f.pronamespace
join pg_catalog.pg_language l on l.oid = f.prolang
where n.nspname = any(%(schemas)s::name[])
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and not t.tgisinternal
order by t.tgrelid, t.tgname
"""

#: Value of ``{trigger_clone}`` in :data:`TRIGGERS` on PostgreSQL 13+ (tgparentid exists).
TRIGGER_CLONE_PG13 = "t.tgparentid <> 0"
#: Value of ``{trigger_clone}`` before PostgreSQL 13.
TRIGGER_CLONE_FALLBACK = "false"

# Sequences of the selected schemas with their parameters and the column that owns them: an
# 'a'uto dependency for serial / OWNED BY, an 'i'nternal one for identity columns.
SEQUENCES = """
select n.nspname as schema,
       c.relname as name,
       pg_catalog.format_type(s.seqtypid, null) as data_type,
       s.seqstart as start,
       s.seqincrement as increment,
       s.seqmin as min_value,
       s.seqmax as max_value,
       s.seqcycle as cycle,
       own.owned_by as owned_by
from pg_catalog.pg_sequence s
join pg_catalog.pg_class c on c.oid = s.seqrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join lateral (
    select tn.nspname || '.' || tc.relname || '.' || ta.attname as owned_by
    from pg_catalog.pg_depend d
    join pg_catalog.pg_class tc on tc.oid = d.refobjid
    join pg_catalog.pg_namespace tn on tn.oid = tc.relnamespace
    join pg_catalog.pg_attribute ta on ta.attrelid = d.refobjid and ta.attnum = d.refobjsubid
    where d.classid = 'pg_catalog.pg_class'::regclass
      and d.objid = s.seqrelid
      and d.refclassid = 'pg_catalog.pg_class'::regclass
      and d.refobjsubid > 0
      and d.deptype in ('a', 'i')
    order by d.deptype
    limit 1
) own on true
where n.nspname = any(%(schemas)s::name[])
order by n.nspname, c.relname
"""
