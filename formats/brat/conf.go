package brat

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
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

// ConfAttr is an [attributes] line: binary when Values is empty.
type ConfAttr struct {
	Name    string
	Targets []string // label names (macros expanded)
	Values  []string
}

// ParseConf reads an annotation.conf. Macros (<NAME>=A|B) and the built-in
// <ENTITY>, <EVENT>, <ANY> are expanded in argument lists; abstract types
// (!Name) and brat's own <OVERLAP>/<REL-TYPE> settings are not label names
// and are skipped. Errors name file and line.
func ParseConf(data []byte, file string) (*Conf, error) {
	c := &Conf{}
	macros := map[string][]string{}
	section := ""
	type pending struct {
		line          int
		section, text string
	}
	var later []pending // argument lists are expanded once all types are known
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%s:%d: malformed section header %q", file, n, line)
			}
			section = strings.ToLower(strings.Trim(line, "[]"))
			switch section {
			case "entities", "relations", "events", "attributes":
			default:
				return nil, fmt.Errorf("%s:%d: unknown section [%s]; want entities, relations, events or attributes", file, n, section)
			}
			continue
		}
		if strings.HasPrefix(line, "<") {
			if name, def, ok := strings.Cut(line, "="); ok {
				macros[strings.TrimSpace(name)] = strings.Split(strings.TrimSpace(def), "|")
				continue
			}
		}
		if section == "" {
			return nil, fmt.Errorf("%s:%d: %q is outside a section", file, n, line)
		}
		name, _, _ := strings.Cut(line, " ")
		name, _, _ = strings.Cut(name, "\t")
		if name == "-" {
			continue // a separator line in the type hierarchy
		}
		switch section {
		case "entities":
			if !strings.HasPrefix(name, "!") && !strings.HasPrefix(name, "<") {
				c.Entities = append(c.Entities, name)
			}
		case "events":
			if !strings.HasPrefix(name, "!") {
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
		name, rest, _ := strings.Cut(strings.Join(strings.Fields(p.text), " "), " ")
		args := map[string][]string{}
		var order []string
		for _, arg := range strings.Split(rest, ",") {
			arg = strings.TrimSpace(arg)
			if arg == "" {
				continue
			}
			role, types, ok := strings.Cut(arg, ":")
			if !ok {
				return nil, fmt.Errorf("%s:%d: argument %q has no ':' (want Role:Type|Type)", file, p.line, arg)
			}
			if strings.HasPrefix(role, "<") {
				continue // <REL-TYPE>, <OVL-TYPE> settings
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
		switch p.section {
		case "relations":
			if strings.HasPrefix(name, "<") || strings.HasPrefix(name, "!") {
				continue
			}
			if len(order) < 2 {
				return nil, fmt.Errorf("%s:%d: relation %q needs two arguments (Arg1:Type, Arg2:Type)", file, p.line, name)
			}
			c.Relations = append(c.Relations, model.RelationType{Name: name, From: args[order[0]], To: args[order[1]]})
		case "events":
			if strings.HasPrefix(name, "!") {
				continue
			}
			for _, role := range order {
				c.Relations = append(c.Relations, model.RelationType{Name: RolePrefix + role, From: []string{name}, To: args[role]})
			}
		case "attributes":
			a := ConfAttr{Name: name, Targets: args["Arg"]}
			if v, ok := args["Value"]; ok {
				a.Values = v
			}
			c.Attributes = append(c.Attributes, a)
		}
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
			if len(a.Values) > 0 {
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

// confWriter accumulates what the exported documents and the schema use,
// and renders an annotation.conf that brat accepts for them.
type confWriter struct {
	entities, events []string
	relFrom, relTo   map[string][]string // relation -> labels
	relOrder         []string
	roles            map[string]map[string][]string // event -> role -> labels
	roleOrder        map[string][]string
	attrTargets      map[string][]string
	attrValues       map[string][]string
	attrBinary       map[string]bool
	attrOrder        []string
}

func newConfWriter() *confWriter {
	return &confWriter{relFrom: map[string][]string{}, relTo: map[string][]string{}, roles: map[string]map[string][]string{},
		roleOrder: map[string][]string{}, attrTargets: map[string][]string{}, attrValues: map[string][]string{}, attrBinary: map[string]bool{}}
}

func addTo(list []string, v string) []string {
	if v == "" || contains(list, v) {
		return list
	}
	return append(list, v)
}

func (w *confWriter) entity(l string) { w.entities = addTo(w.entities, l) }
func (w *confWriter) event(l string)  { w.events = addTo(w.events, l) }

func (w *confWriter) relation(name, from, to string) {
	if _, ok := w.relFrom[name]; !ok {
		w.relOrder = append(w.relOrder, name)
		w.relFrom[name] = nil
	}
	w.relFrom[name] = addTo(w.relFrom[name], from)
	w.relTo[name] = addTo(w.relTo[name], to)
}

func (w *confWriter) role(event, role, target string) {
	// brat's conf names the role without the number suffix ("Theme2" is
	// the second "Theme" of a repeatable role).
	role = strings.TrimRight(role, "0123456789")
	if role == "" {
		role = "Arg"
	}
	if w.roles[event] == nil {
		w.roles[event] = map[string][]string{}
	}
	if _, ok := w.roles[event][role]; !ok {
		w.roleOrder[event] = append(w.roleOrder[event], role)
		w.roles[event][role] = nil
	}
	w.roles[event][role] = addTo(w.roles[event][role], target)
}

func (w *confWriter) attr(name, label, value string, binary bool) {
	if _, ok := w.attrTargets[name]; !ok {
		w.attrOrder = append(w.attrOrder, name)
		w.attrTargets[name] = nil
		w.attrBinary[name] = true
	}
	w.attrTargets[name] = addTo(w.attrTargets[name], label)
	if !binary {
		w.attrBinary[name] = false
		w.attrValues[name] = addTo(w.attrValues[name], value)
	}
}

func (w *confWriter) render() []byte {
	var b bytes.Buffer
	types := func(list []string) string {
		if len(list) == 0 {
			return "<ANY>"
		}
		return strings.Join(list, "|")
	}
	b.WriteString("# Written by Margin. Types are the project's labels, sanitized for brat.\n[entities]\n")
	for _, e := range w.entities {
		b.WriteString(e + "\n")
	}
	b.WriteString("\n[relations]\n")
	for _, r := range w.relOrder {
		if r == "Equiv" {
			fmt.Fprintf(&b, "Equiv\tArg1:%s, Arg2:%s, <REL-TYPE>:symmetric-transitive\n", types(w.relFrom[r]), types(w.relTo[r]))
			continue
		}
		fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s\n", r, types(w.relFrom[r]), types(w.relTo[r]))
	}
	// Margin allows overlapping and nested spans of any types.
	b.WriteString("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n")
	b.WriteString("\n[events]\n")
	for _, e := range w.events {
		var args []string
		for _, role := range w.roleOrder[e] {
			args = append(args, fmt.Sprintf("%s*:%s", role, types(w.roles[e][role])))
		}
		if len(args) == 0 {
			b.WriteString(e + "\n")
		} else {
			fmt.Fprintf(&b, "%s\t%s\n", e, strings.Join(args, ", "))
		}
	}
	b.WriteString("\n[attributes]\n")
	for _, a := range w.attrOrder {
		if w.attrBinary[a] {
			fmt.Fprintf(&b, "%s\tArg:%s\n", a, types(w.attrTargets[a]))
			continue
		}
		vals := append([]string{}, w.attrValues[a]...)
		sort.Strings(vals)
		fmt.Fprintf(&b, "%s\tArg:%s, Value:%s\n", a, types(w.attrTargets[a]), strings.Join(vals, "|"))
	}
	return b.Bytes()
}
