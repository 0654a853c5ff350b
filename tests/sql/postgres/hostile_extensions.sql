-- Extension-based objects of the hostile schema: applied after hostile.sql, only when the
-- btree_gist, hstore and citext contrib extensions are available on the server.

create extension if not exists btree_gist;
create extension if not exists hstore;
create extension if not exists citext;

create table plain.bookings (
    id integer primary key,
    room integer not null,
    during tstzrange not null,
    attrs public.hstore,
    guest_email public.citext,
    constraint bookings_no_overlap exclude using gist (room with =, during with &&)
);
