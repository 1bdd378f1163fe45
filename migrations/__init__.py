"""The Alembic migrations of procesregie's database schema, shipped with the package
(``engine.migrate`` finds them here, from a checkout and from an installed wheel alike)."""
