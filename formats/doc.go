// Package formats holds the dataset readers and writers, one sub-package
// per format. They are pure io code over model types, shared by the command
// line and the GUI.
package formats

import "github.com/margin-app/margin/model"

// Layered is one document with the layers to export.
type Layered struct {
	Doc         *model.Document
	Annotations []model.Annotation
	Relations   []model.Relation
	DocLabels   []model.DocLabel
	Verdicts    []model.Verdict // curation provenance (Margin's own jsonl keeps it)
}
