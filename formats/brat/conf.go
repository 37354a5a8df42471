package brat

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Conf is what Margin keeps of an annotation.conf: span and event types,
// relation types with their argument labels, event roles and attributes.
type Conf struct {
	Entities   []string
	Events     []string
	Relations  []model.RelationType // [relations], plus event roles as "role:NAME"
	Attributes []ConfAttr
}

// ConfAttr is an [attributes] line: binary when Values is empty and Text
// is false. Text marks a free-text attribute Margin wrote (brat's conf can
// only list values; see textAttrComment).
type ConfAttr struct {
	Name    string
	Targets []string // label names (macros expanded)
	Values  []string
	Text    bool
}

// sectionAlias: brat's projectconfig.py accepts [spans] for [entities].
var sectionAlias = map[string]string{"spans": "entities"}

var (
	// separatorLine: brat shows a line of hyphens as a separator in its
	// type menus; it is not a type.
	separatorLine = regexp.MustCompile(`^\s*-+\s*$`)
	macroLine     = regexp.MustCompile(`^<([a-zA-Z_-]+)>=\s*(.*?)\s*$`)
	// textAttrComment is the comment Margin writes before a free-text
	// attribute; brat ignores it as any comment.
	textAttrComment = regexp.MustCompile(`^#\s*Margin: free-text attribute (\S+) for (\S+)\s*$`)
)

// storageForm is the name brat stores a type under: the first of its
// "Name|Alias|..." terms, with every character outside [a-zA-Z0-9_-]
// replaced by '_' (projectconfig.py's normalize_to_storage_form).
func storageForm(term string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return r
		}
		return '_'
	}, term)
}

// typeName reads a line's "Name|Alias" terms: the stored name, and
// whether it is abstract ('!': a grouping node brat does not offer).
func typeName(terms string) (string, bool) {
	first, _, _ := strings.Cut(terms, "|")
	first = strings.TrimSpace(first)
	abstract := strings.HasPrefix(first, "!")
	return storageForm(strings.TrimPrefix(first, "!")), abstract
}

// ParseConf reads an annotation.conf as brat's projectconfig.py does:
// [spans] is [entities], lines of hyphens are menu separators, "Name|Alias"
// names the type Name, macros (<NAME>=A|B) and the built-in <ENTITY>,
// <EVENT>, <ANY> are expanded in argument lists; abstract types (!Name)
// and brat's own <OVERLAP>/ENTITY-NESTING settings are not label names and
// are skipped. Errors name file and line.
func ParseConf(data []byte, file string) (*Conf, error) {
	c := &Conf{}
	macros := map[string][]string{}
	section := ""
	type pending struct {
		line          int
		section, text string
	}
	var later []pending // argument lists are expanded once all types are known
	textAttrs := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if m := textAttrComment.FindStringSubmatch(line); m != nil {
			textAttrs[m[1]] = m[2]
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") || separatorLine.MatchString(line) {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%s:%d: malformed section header %q", file, n, line)
			}
			section = strings.ToLower(strings.TrimSpace(strings.Trim(line, "[]")))
			if a, ok := sectionAlias[section]; ok {
				section = a
			}
			switch section {
			case "entities", "relations", "events", "attributes":
			default:
				return nil, fmt.Errorf("%s:%d: unknown section [%s]; want entities (or spans), relations, events or attributes", file, n, section)
			}
			continue
		}
		if m := macroLine.FindStringSubmatch(line); m != nil {
			macros["<"+m[1]+">"] = strings.Split(m[2], "|")
			continue
		}
		if section == "" {
			return nil, fmt.Errorf("%s:%d: %q is outside a section", file, n, line)
		}
		terms := strings.Fields(line)[0]
		name, abstract := typeName(terms)
		if name == "" {
			return nil, fmt.Errorf("%s:%d: empty type name", file, n)
		}
		switch section {
		case "entities":
			if !abstract {
				c.Entities = append(c.Entities, name)
			}
		case "events":
			if !abstract {
				c.Events = append(c.Events, name)
			}
			later = append(later, pending{n, section, line})
		default:
			later = append(later, pending{n, section, line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	expand := func(types string) []string {
		var out []string
		for _, t := range strings.Split(types, "|") {
			t = strings.TrimSpace(t)
			switch {
			case t == "<ENTITY>":
				out = append(out, c.Entities...)
			case t == "<EVENT>":
				out = append(out, c.Events...)
			case t == "<ANY>":
				out = append(append(out, c.Entities...), c.Events...)
			case macros[t] != nil:
				out = append(out, macros[t]...)
			case t != "" && !strings.HasPrefix(t, "<"):
				out = append(out, t)
			}
		}
		return out
	}
	for _, p := range later {
		fields := strings.Fields(p.text)
		name, abstract := typeName(fields[0])
		rest := strings.Join(fields[1:], " ")
		args := map[string][]string{}
		var order []string
		equivalence := false
		for _, arg := range strings.Split(rest, ",") {
			arg = strings.TrimSpace(arg)
			if arg == "" {
				continue
			}
			role, types, ok := strings.Cut(arg, ":")
			if !ok {
				return nil, fmt.Errorf("%s:%d: argument %q has no ':' (want Role:Type|Type)", file, p.line, arg)
			}
			if role == "<REL-TYPE>" {
				// brat splits the relation kind on hyphens.
				kinds := strings.Split(types, "-")
				equivalence = contains(kinds, "symmetric") && contains(kinds, "transitive")
				continue
			}
			if strings.HasPrefix(role, "<") {
				continue // <OVL-TYPE>, <NORM> and other settings
			}
			if i := strings.IndexByte(role, '{'); i > 0 {
				role = role[:i] // a repetition range such as Theme{1-3}
			}
			role = strings.TrimRight(role, "?*+")
			if _, seen := args[role]; !seen {
				order = append(order, role)
			}
			args[role] = append(args[role], expand(types)...)
		}
		if abstract {
			continue
		}
		switch p.section {
		case "relations":
			if strings.HasPrefix(fields[0], "<") || fields[0] == "ENTITY-NESTING" {
				continue // which spans may overlap, not a relation type
			}
			if len(order) < 2 {
				return nil, fmt.Errorf("%s:%d: relation %q needs two arguments (Arg1:Type, Arg2:Type)", file, p.line, name)
			}
			c.Relations = append(c.Relations, model.RelationType{Name: name, From: args[order[0]], To: args[order[1]], Equivalence: equivalence})
		case "events":
			for _, role := range order {
				c.Relations = append(c.Relations, model.RelationType{Name: RolePrefix + role, From: []string{name}, To: args[role]})
			}
		case "attributes":
			a := ConfAttr{Name: name, Targets: args["Arg"], Values: args["Value"]}
			if _, ok := textAttrs[name]; ok {
				a.Text, a.Values = true, nil
			}
			delete(textAttrs, name)
			c.Attributes = append(c.Attributes, a)
		}
	}
	// A free-text attribute without values in use has only its comment.
	for _, name := range sortedKeys(textAttrs) {
		c.Attributes = append(c.Attributes, ConfAttr{Name: name, Targets: expand(textAttrs[name]), Text: true})
	}
	return c, nil
}

// merge adds o's definitions to c (several annotation.conf files in a corpus).
func (c *Conf) merge(o *Conf) {
	c.Entities = append(c.Entities, o.Entities...)
	c.Events = append(c.Events, o.Events...)
	c.Relations = append(c.Relations, o.Relations...)
	c.Attributes = append(c.Attributes, o.Attributes...)
}

// relations is c.Relations with the lines of one type joined: brat allows
// a type on several lines (Equiv Arg1:Protein, then Equiv Arg1:Entity),
// a schema names each type once.
func (c *Conf) relations() []model.RelationType {
	var out []model.RelationType
	for _, r := range c.Relations {
		i := indexOfType(out, r.Name)
		if i < 0 {
			r.From = append([]string(nil), r.From...)
			r.To = append([]string(nil), r.To...)
			out = append(out, r)
			continue
		}
		for _, f := range r.From {
			out[i].From = addTo(out[i].From, f)
		}
		for _, t := range r.To {
			out[i].To = addTo(out[i].To, t)
		}
		out[i].Equivalence = out[i].Equivalence || r.Equivalence
	}
	return out
}

// labels turns the conf into schema labels with their attribute definitions.
func (c *Conf) labels() []model.Label {
	labels := formats.LabelsFor(append(append([]string{}, c.Entities...), c.Events...))
	for i := range labels {
		seen := map[string]bool{}
		for _, a := range c.Attributes {
			if seen[a.Name] || !contains(a.Targets, labels[i].Name) {
				continue
			}
			seen[a.Name] = true
			def := model.AttributeDef{Name: a.Name, Type: model.AttrBool}
			switch {
			case a.Text:
				def.Type = model.AttrText
			case len(a.Values) > 0:
				def.Type, def.Values = model.AttrEnum, a.Values
			}
			labels[i].Attributes = append(labels[i].Attributes, def)
		}
	}
	return labels
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
