// Package assets embeds what ships inside the binary: the default label
// schema, the demo article and the application icon.
package assets

import (
	_ "embed"

	"github.com/margin-app/margin/model"
)

//go:embed default-schema.toml
var defaultSchema []byte

// DemoArticle is the sample news article every new demo project opens on.
//
//go:embed ceasefire-call.txt
var DemoArticle string

// DemoArticleName is the demo document's name.
const DemoArticleName = "ceasefire-call"

// Icon is the application icon (PNG).
//
//go:embed icon.png
var Icon []byte

// DefaultSchemaTOML returns the default schema's TOML text.
func DefaultSchemaTOML() []byte { return append([]byte(nil), defaultSchema...) }

// DefaultSchema parses the default conflict-news schema.
func DefaultSchema() (*model.Schema, error) { return model.ParseSchema(defaultSchema) }
