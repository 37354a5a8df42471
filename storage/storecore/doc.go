// Package storecore is the logic the two model.Store implementations
// (storage, on SQLite, and storage/postgres) share: schema changes, gold
// and verdicts, relations and document labels, undo and redo, and the
// annotations table's query. Each behaviour is written once here; a store
// gives it a Tx, the few statements of its own dialect that the logic
// runs inside one of its transactions (placeholders, id and time
// encodings, upserts, row locks and error mapping stay in the store).
//
// Nothing here opens a transaction: the store begins it, takes its own
// locks (PostgreSQL's advisory locks), calls in, and commits.
package storecore
