// Package codebook prints a project's label schema as a codebook for
// annotators and readers of a study: every label with its colour, hotkey
// and guideline (Markdown), its attributes and their values, the relation
// types and the document label sets, as Markdown or as a standalone HTML
// page. The command line (margin codebook) and the schema editor's
// "Codebook…" button both write through it.
package codebook
