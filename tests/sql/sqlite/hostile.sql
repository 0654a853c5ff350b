-- Hostile schema for the SQLite introspector: every quoting style, odd names, every constraint kind.
-- Each feature is asserted in tests/test_introspect_sqlite.py.

-- Reserved-word table name; AUTOINCREMENT; COLLATE; BOOLEAN/NVARCHAR/DATETIME/DECIMAL; an untyped
-- column; named table UNIQUE; unnamed table CHECK; self-referencing FK; a comment inside the text.
CREATE TABLE "order" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    "group" TEXT NOT NULL COLLATE NOCASE,
    "select" BOOLEAN DEFAULT 0,
    CustomerName NVARCHAR(40) NOT NULL,
    placed_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    total DECIMAL(10,2) CHECK (total >= 0),
    payload,  -- untyped: BLOB affinity
    parent_id INTEGER REFERENCES "order"(id) ON DELETE SET NULL,
    CONSTRAINT uq_group_customer UNIQUE ("group", CustomerName),
    CHECK (placed_at IS NOT NULL OR total IS NULL)
);

-- Bracket / backtick / doubled-quote identifiers; composite PK; named column CHECK; column UNIQUE
-- with a conflict clause; FK whose parent column list is written in another case.
CREATE TABLE [Order Items] (
    [order id] INTEGER NOT NULL REFERENCES "ORDER"(ID) ON UPDATE CASCADE,
    `line no` INTEGER NOT NULL,
    "qty ""x""" INTEGER NOT NULL DEFAULT 1 CONSTRAINT qty_positive CHECK ("qty ""x""" > 0),
    sku VARYING CHARACTER(12) UNIQUE ON CONFLICT ABORT,
    PRIMARY KEY ([order id], `line no`)
);

-- Composite, deferrable FK; a rowid-alias INTEGER PRIMARY KEY without AUTOINCREMENT.
CREATE TABLE shipments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    shipped_on DATE,
    weight REAL,
    CONSTRAINT fk_item FOREIGN KEY (order_id, line_no)
        REFERENCES [Order Items]([order id], `line no`) DEFERRABLE INITIALLY DEFERRED
);

-- WITHOUT ROWID table (its text PK is NOT NULL).
CREATE TABLE kv (
    k TEXT PRIMARY KEY,
    v BLOB
) WITHOUT ROWID;

-- STRICT table with generated columns (virtual and stored) and an ANY column.
CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    width REAL NOT NULL,
    height REAL NOT NULL,
    area REAL GENERATED ALWAYS AS (width * height) VIRTUAL,
    perimeter REAL AS (2 * (width + height)) STORED,
    extra ANY
) STRICT;

-- Unicode names; no primary key; a text PK-less table with an FK to kv by its implicit key.
CREATE TABLE "préférences ñ" (
    "clé" TEXT NOT NULL REFERENCES kv,
    "ünïcødé 列" VARCHAR(20),
    email TEXT
);

-- Single and double quotes in a name; table constraints without commas between them; a nullable
-- non-integer primary key of a rowid table (SQLite accepts NULL there).
CREATE TABLE "it's ""odd""" (
    code CHAR(3) PRIMARY KEY,
    "a b" TEXT,
    n INTEGER,
    UNIQUE ("a b", n) CONSTRAINT n_small CHECK (n < 100)
);

-- A partial unique index, a unique expression index, and a plain expression index.
CREATE UNIQUE INDEX ux_active_sku ON [Order Items] (sku) WHERE "qty ""x""" > 0;
CREATE UNIQUE INDEX ux_pref_email ON "préférences ñ" (lower(email));
CREATE INDEX ix_order_name ON "order" (lower(CustomerName), placed_at DESC);

CREATE VIEW "order summary" AS
    SELECT o.id, o.total, count(i.sku) AS items
    FROM "order" o LEFT JOIN [Order Items] i ON i.[order id] = o.id
    GROUP BY o.id;

CREATE TRIGGER trg_order_total BEFORE INSERT ON "order"
FOR EACH ROW WHEN NEW.total > 1000000
BEGIN
    SELECT RAISE(ABORT, 'total too large');
END;
