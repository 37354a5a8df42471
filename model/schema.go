package model

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// Attribute types a label may carry.
const (
	AttrEnum   = "enum"
	AttrText   = "text"
	AttrBool   = "bool"
	AttrNumber = "number"
)

// AttributeDef is a typed attribute of a label.
type AttributeDef struct {
	Name        string   `toml:"name" json:"name"`
	Type        string   `toml:"type" json:"type"`
	Values      []string `toml:"values,omitempty" json:"values,omitempty"`
	Description string   `toml:"description,omitempty" json:"description,omitempty"`
}

// Label is a span label of the schema.
type Label struct {
	Name        string `toml:"name" json:"name"`
	Color       string `toml:"color" json:"color"`
	Hotkey      string `toml:"hotkey,omitempty" json:"hotkey,omitempty"`
	Description string `toml:"description,omitempty" json:"description,omitempty"`
	// Parent names the label this one sits under in a code hierarchy
	// (QDA codebooks nest codes). It only groups: a parent that names no
	// label (renamed or deleted since) means a top-level label.
	Parent     string         `toml:"parent,omitempty" json:"parent,omitempty"`
	Attributes []AttributeDef `toml:"attributes,omitempty" json:"attributes,omitempty"`
}

// RelationType is an allowed relation between labels.
type RelationType struct {
	Name string   `toml:"name" json:"name"`
	From []string `toml:"from" json:"from"`
	To   []string `toml:"to" json:"to"`
	// Equivalence: relations of this type group annotations into classes
	// (coreference, aliases): symmetric and transitive, so their direction
	// and chaining carry no meaning. brat declares such types
	// <REL-TYPE>:symmetric-transitive and writes them as "*" lines.
	Equivalence bool `toml:"equivalence,omitempty" json:"equivalence,omitempty"`
}

// DocLabelSet is a set of document-level classes.
type DocLabelSet struct {
	Name     string   `toml:"name" json:"name"`
	Values   []string `toml:"values" json:"values"`
	Multiple bool     `toml:"multiple" json:"multiple"`
}

// Schema is a project's label schema.
type Schema struct {
	AllowOverlap bool           `toml:"allow_overlap" json:"allow_overlap"`
	Labels       []Label        `toml:"labels" json:"labels"`
	Relations    []RelationType `toml:"relations,omitempty" json:"relations,omitempty"`
	DocLabelSets []DocLabelSet  `toml:"doc_label_sets,omitempty" json:"doc_label_sets,omitempty"`
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ParseSchema decodes and validates a TOML schema. Unknown keys are refused
// (a typo must not silently drop a setting); errors name the line.
func ParseSchema(data []byte) (*Schema, error) {
	var s Schema
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("schema: line %d: %s", perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("schema: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("schema: unknown key %s", strings.Join(keys, ", "))
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// TOML encodes the schema.
func (s *Schema) TOML() ([]byte, error) {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(s); err != nil {
		return nil, fmt.Errorf("encode schema: %w", err)
	}
	return buf.Bytes(), nil
}

// Validate checks names, colors, hotkeys, attribute types and relation
// targets.
func (s *Schema) Validate() error {
	names := map[string]bool{}
	hotkeys := map[string]string{}
	for _, l := range s.Labels {
		if strings.TrimSpace(l.Name) == "" {
			return fmt.Errorf("schema: a label has no name")
		}
		if names[l.Name] {
			return fmt.Errorf("schema: duplicate label %q", l.Name)
		}
		names[l.Name] = true
		if !colorRE.MatchString(l.Color) {
			return fmt.Errorf("schema: label %q has color %q; want #rrggbb", l.Name, l.Color)
		}
		if l.Hotkey != "" {
			if len([]rune(l.Hotkey)) != 1 {
				return fmt.Errorf("schema: label %q hotkey %q must be one character", l.Name, l.Hotkey)
			}
			if other, ok := hotkeys[l.Hotkey]; ok {
				return fmt.Errorf("schema: hotkey %q is used by both %q and %q", l.Hotkey, other, l.Name)
			}
			hotkeys[l.Hotkey] = l.Name
		}
		attrs := map[string]bool{}
		for _, a := range l.Attributes {
			if a.Name == "" || attrs[a.Name] {
				return fmt.Errorf("schema: label %q has an unnamed or duplicate attribute %q", l.Name, a.Name)
			}
			attrs[a.Name] = true
			switch a.Type {
			case AttrEnum:
				if len(a.Values) == 0 {
					return fmt.Errorf("schema: enum attribute %s.%s has no values", l.Name, a.Name)
				}
			case AttrText, AttrBool, AttrNumber:
			default:
				return fmt.Errorf("schema: attribute %s.%s has type %q; want enum, text, bool or number", l.Name, a.Name, a.Type)
			}
		}
	}
	rels := map[string]bool{}
	for _, r := range s.Relations {
		if r.Name == "" || rels[r.Name] {
			return fmt.Errorf("schema: unnamed or duplicate relation %q", r.Name)
		}
		rels[r.Name] = true
		for _, n := range append(append([]string{}, r.From...), r.To...) {
			if !names[n] {
				return fmt.Errorf("schema: relation %q names unknown label %q", r.Name, n)
			}
		}
	}
	sets := map[string]bool{}
	for _, d := range s.DocLabelSets {
		if d.Name == "" || sets[d.Name] {
			return fmt.Errorf("schema: unnamed or duplicate document label set %q", d.Name)
		}
		sets[d.Name] = true
		if len(d.Values) == 0 {
			return fmt.Errorf("schema: document label set %q has no values", d.Name)
		}
	}
	return nil
}

// Label returns the label named name.
func (s *Schema) Label(name string) (*Label, bool) {
	for i := range s.Labels {
		if s.Labels[i].Name == name {
			return &s.Labels[i], true
		}
	}
	return nil, false
}

// LabelByHotkey returns the label bound to key.
func (s *Schema) LabelByHotkey(key string) (*Label, bool) {
	for i := range s.Labels {
		if s.Labels[i].Hotkey != "" && s.Labels[i].Hotkey == key {
			return &s.Labels[i], true
		}
	}
	return nil, false
}

// CheckRelation checks that a relation of type name may link a span
// labeled from to one labeled to.
func (s *Schema) CheckRelation(name, from, to string) error {
	for _, r := range s.Relations {
		if r.Name != name {
			continue
		}
		if !contains(r.From, from) {
			return fmt.Errorf("%s may not start at a %s (allowed: %s)", name, from, strings.Join(r.From, ", "))
		}
		if !contains(r.To, to) {
			return fmt.Errorf("%s may not point to a %s (allowed: %s)", name, to, strings.Join(r.To, ", "))
		}
		return nil
	}
	return fmt.Errorf("relation type %q is not in the schema", name)
}

// CheckDocLabel checks a document label against the schema's sets.
func (s *Schema) CheckDocLabel(set, value string) (*DocLabelSet, error) {
	for i := range s.DocLabelSets {
		d := &s.DocLabelSets[i]
		if d.Name != set {
			continue
		}
		if !contains(d.Values, value) {
			return nil, fmt.Errorf("document label %s=%q: not one of %s", set, value, strings.Join(d.Values, ", "))
		}
		return d, nil
	}
	return nil, fmt.Errorf("document label set %q is not in the schema", set)
}

// CheckAttributes checks attribute values against the label's definitions:
// unknown names, values outside an enum and wrong types are refused.
func (l *Label) CheckAttributes(values map[string]any) error {
	for k, v := range values {
		var def *AttributeDef
		for i := range l.Attributes {
			if l.Attributes[i].Name == k {
				def = &l.Attributes[i]
			}
		}
		if def == nil {
			return fmt.Errorf("label %s has no attribute %q", l.Name, k)
		}
		switch def.Type {
		case AttrEnum:
			s, ok := v.(string)
			if !ok || !contains(def.Values, s) {
				return fmt.Errorf("attribute %s=%v: not one of %s", k, v, strings.Join(def.Values, ", "))
			}
		case AttrText:
			if _, ok := v.(string); !ok {
				return fmt.Errorf("attribute %s=%v: not text", k, v)
			}
		case AttrBool:
			if _, ok := v.(bool); !ok {
				return fmt.Errorf("attribute %s=%v: not true or false", k, v)
			}
		case AttrNumber:
			if _, ok := v.(float64); !ok {
				return fmt.Errorf("attribute %s=%v: not a number", k, v)
			}
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// SchemaChange reports what ChangeSchema did to the annotations.
type SchemaChange struct {
	Renamed map[string]int // old label -> annotations moved to the new name
	Removed map[string]int // label -> annotations deleted (only with force)
}
