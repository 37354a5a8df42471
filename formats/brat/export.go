package brat

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Exporter writes NAME.txt and NAME.ann per document into a folder and
// annotation.conf on Close.
type Exporter struct {
	dir        string
	schema     *model.Schema
	docs       docNamer        // file paths
	equiv      map[string]bool // brat relation types that are equivalences
	types      typeNamer       // labels and relation types share brat's type namespace
	attrs      typeNamer
	conf       *confWriter
	report     formats.Counter
	annotators map[string]bool
}

// NewExporter creates dir (it may exist, but files in it are never
// overwritten). w is unused: brat is a folder format.
func NewExporter(_ io.Writer, dir string, opts formats.ExportOptions) (formats.Exporter, error) {
	if dir == "" {
		return nil, fmt.Errorf("export brat: an output folder is required")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export brat: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "annotation.conf")); err == nil {
		return nil, fmt.Errorf("export brat: %s already exists; choose an empty folder", filepath.Join(dir, "annotation.conf"))
	}
	e := &Exporter{dir: dir, schema: opts.Schema, conf: newConfWriter(), annotators: map[string]bool{},
		// brat's default configuration declares Equiv symmetric-transitive.
		equiv: map[string]bool{"Equiv": true}}
	if s := opts.Schema; s != nil {
		// Declare every schema label, so brat offers them for new
		// annotations too, not only those used so far.
		for _, l := range s.Labels {
			e.conf.declare(e.types.Name(l.Name))
		}
		for _, r := range s.Relations {
			if strings.HasPrefix(r.Name, RolePrefix) {
				// Labels with event roles are event types (a brat import
				// made them from [events]), used so far or not.
				for _, f := range r.From {
					e.conf.event(e.types.Name(f))
				}
			}
			if r.Equivalence {
				e.equiv[e.types.Name(r.Name)] = true
			}
		}
	}
	return e, nil
}

// createFile refuses to overwrite an existing file.
func createFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s already exists; refusing to overwrite it", p)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Write writes one document's .txt and .ann.
func (e *Exporter) Write(d formats.Layered) error {
	name := filepath.FromSlash(e.docs.name(formats.DocName(d.Doc)))
	ann, err := e.render(d)
	if err != nil {
		return fmt.Errorf("export brat %q: %w", d.Doc.Name, err)
	}
	if err := createFile(filepath.Join(e.dir, name+".txt"), []byte(d.Doc.Text)); err != nil {
		return fmt.Errorf("export brat: %w", err)
	}
	if err := createFile(filepath.Join(e.dir, name+".ann"), ann); err != nil {
		return fmt.Errorf("export brat: %w", err)
	}
	return nil
}

func isEvent(a *model.Annotation) bool {
	v, _ := a.Attributes[EventAttr].(bool)
	return v
}

func (e *Exporter) render(d formats.Layered) ([]byte, error) {
	ix := model.NewTextIndex(d.Doc.Text)
	tid := map[string]string{} // annotation id -> brat id used as argument
	label := map[string]string{}
	event := map[string]bool{}
	for i := range d.Annotations {
		a := &d.Annotations[i]
		e.annotators[a.Annotator] = true
		if err := model.ValidateFragments(a.Fragments, ix.Len()); err != nil {
			return nil, fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		label[a.ID] = e.types.Name(a.Label)
		if isEvent(a) {
			event[a.ID] = true
			e.conf.event(label[a.ID])
			tid[a.ID] = fmt.Sprintf("E%d", len(event))
		} else {
			e.conf.entity(label[a.ID])
		}
	}
	var b bytes.Buffer
	nT := 0
	trig := map[string]string{}
	shared := map[string]string{} // event type and span -> its trigger's T id
	for i := range d.Annotations {
		a := &d.Annotations[i]
		offs := make([]string, len(a.Fragments))
		for j, f := range a.Fragments {
			offs[j] = fmt.Sprintf("%d %d", f.Start, f.End)
		}
		span := strings.Join(offs, ";")
		if event[a.ID] {
			// Events of one type on one span share their trigger, as in
			// brat (E1 Binding:T3 ..., E2 Binding:T3 ...).
			key := label[a.ID] + " " + span
			if t, ok := shared[key]; ok {
				trig[a.ID] = t
				continue
			}
			nT++
			trig[a.ID] = fmt.Sprintf("T%d", nT)
			shared[key] = trig[a.ID]
		} else {
			nT++
			tid[a.ID] = fmt.Sprintf("T%d", nT)
		}
		fmt.Fprintf(&b, "%s\t%s %s\t%s\n", fmt.Sprintf("T%d", nT), label[a.ID], span, flatten(model.CoveredText(ix, a.Fragments)))
	}
	// Event lines: trigger then the roles (outgoing role: relations).
	roles := map[string][]model.Relation{}
	var rels []model.Relation
	for _, r := range d.Relations {
		if tid[r.From] == "" || tid[r.To] == "" {
			e.report.Add("relations skipped: an end is not among the exported annotations", 1)
			continue
		}
		if strings.HasPrefix(r.Type, RolePrefix) && event[r.From] {
			roles[r.From] = append(roles[r.From], r)
			continue
		}
		rels = append(rels, r)
	}
	for i := range d.Annotations {
		a := &d.Annotations[i]
		if !event[a.ID] {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s:%s", tid[a.ID], label[a.ID], trig[a.ID])
		for _, r := range roles[a.ID] {
			role := roleName(r.Type)
			fmt.Fprintf(&b, " %s:%s", role, tid[r.To])
			e.conf.role(label[a.ID], role, label[r.To])
		}
		b.WriteString("\n")
	}
	var eq equivClasses
	nR := 0
	for _, r := range rels {
		typ := e.types.Name(r.Type)
		e.conf.relation(typ, label[r.From], label[r.To], e.equiv[typ])
		if e.equiv[typ] {
			eq.join(typ, tid[r.From], tid[r.To])
			continue
		}
		nR++
		fmt.Fprintf(&b, "R%d\t%s Arg1:%s Arg2:%s\n", nR, typ, tid[r.From], tid[r.To])
	}
	eq.write(&b)
	nA, nN, nNote := 0, 0, 0
	for i := range d.Annotations {
		a := &d.Annotations[i]
		id := tid[a.ID]
		for _, k := range formats.AttrKeys(a.Attributes) {
			if k == EventAttr {
				continue
			}
			v := a.Attributes[k]
			if db, ok := strings.CutPrefix(k, NormPrefix); ok {
				nN++
				fmt.Fprintf(&b, "N%d\tReference %s %s:%s\t%s\n", nN, id, formats.SafeName(db), oneToken(formats.AttrString(v)), flatten(a.Text))
				continue
			}
			name := e.attrs.Name(k)
			switch x := v.(type) {
			case bool:
				if !x {
					// brat's binary attributes are present or absent.
					e.report.Add("false boolean attributes omitted (brat binary attributes are absent when false)", 1)
					continue
				}
				nA++
				fmt.Fprintf(&b, "A%d\t%s %s\n", nA, name, id)
				e.conf.attr(name, label[a.ID], "", true)
			case nil:
				e.report.Add("empty attribute values omitted", 1)
			default:
				s := formats.AttrString(x)
				val := oneToken(s)
				if val != s {
					e.report.Add("attribute values with spaces written with '_' (brat values are one token)", 1)
				}
				if _, isStr := x.(string); !isStr {
					e.report.Add("non-text attribute values written as text", 1)
				}
				nA++
				fmt.Fprintf(&b, "A%d\t%s %s %s\n", nA, name, id, val)
				e.conf.attr(name, label[a.ID], val, false)
			}
		}
		if a.Note != "" {
			for _, line := range strings.Split(strings.ReplaceAll(a.Note, "\r\n", "\n"), "\n") {
				nNote++
				fmt.Fprintf(&b, "#%d\tAnnotatorNotes %s\t%s\n", nNote, id, strings.ReplaceAll(line, "\r", " "))
			}
		}
	}
	if len(d.DocLabels) > 0 {
		e.report.Add("document labels skipped (brat has none)", len(d.DocLabels))
	}
	return b.Bytes(), nil
}

// roleName is the brat role of a "role:NAME" relation type.
func roleName(typ string) string {
	r := storageForm(strings.TrimPrefix(typ, RolePrefix))
	if r == "" {
		return "Arg"
	}
	return r
}

// oneToken makes s a single brat token (no whitespace).
func oneToken(s string) string {
	s = strings.Join(strings.Fields(s), "_")
	if s == "" {
		return "_"
	}
	return s
}

// Close writes annotation.conf.
func (e *Exporter) Close() error {
	if s := e.schema; s != nil {
		for _, r := range s.Relations {
			if strings.HasPrefix(r.Name, RolePrefix) {
				// An event role: declared on its events, not a relation.
				for _, f := range r.From {
					for _, t := range r.To {
						e.conf.role(e.types.Name(f), roleName(r.Name), e.types.Name(t))
					}
				}
				continue
			}
			name := e.types.Name(r.Name)
			for _, f := range r.From {
				for _, t := range r.To {
					e.conf.relation(name, e.types.Name(f), e.types.Name(t), e.equiv[name])
				}
			}
		}
		for _, l := range s.Labels {
			for _, ad := range l.Attributes {
				name := e.attrs.Name(ad.Name)
				switch ad.Type {
				case model.AttrBool:
					e.conf.attr(name, e.types.Name(l.Name), "", true)
				case model.AttrEnum:
					for _, v := range ad.Values {
						e.conf.attr(name, e.types.Name(l.Name), oneToken(v), false)
					}
				case model.AttrText:
					e.conf.textAttr(name, e.types.Name(l.Name))
				}
			}
		}
	}
	for _, a := range e.conf.attrOrder {
		if !e.conf.attrText[a] && !e.conf.attrBinary[a] && e.conf.freeText(a) {
			e.report.Add(fmt.Sprintf("attribute %s marked free text in annotation.conf: some values have characters brat's conf cannot list (, | < > or spaces); the .ann keeps them", a), 1)
		}
	}
	if err := createFile(filepath.Join(e.dir, "annotation.conf"), e.conf.render()); err != nil {
		return fmt.Errorf("export brat: %w", err)
	}
	return nil
}

// Report lists what brat could not hold.
func (e *Exporter) Report() []string {
	out := e.report.Lines()
	if len(e.annotators) > 1 {
		names := make([]string, 0, len(e.annotators))
		for n := range e.annotators {
			names = append(names, n)
		}
		sort.Strings(names)
		out = append(out, fmt.Sprintf("layers of %d annotators (%s) written into the same .ann files (brat has no annotator field)", len(names), strings.Join(names, ", ")))
	}
	for _, r := range e.docs.renamed {
		out = append(out, "document file renamed: "+r)
	}
	for _, r := range e.types.Renamed() {
		out = append(out, "type renamed for brat: "+r)
	}
	for _, r := range e.attrs.Renamed() {
		out = append(out, "attribute renamed for brat: "+r)
	}
	return out
}
