// Package labelstudio reads and writes Label Studio JSON exports: an array
// of tasks {"data": {"text"}, "annotations": [{"completed_by", "result":
// [...]}], "predictions": [...]}. Offsets are code points (current Label
// Studio); offsets that only match the text as UTF-16 units (older
// frontends, Label Studio issue #1347) are converted and reported.
//
// Mapping: a "labels" region -> one annotation per label; per-region
// "choices"/"textarea" results (same id as a region) -> attributes named by
// from_name; region "meta.text" -> the note; "relation" results ->
// relations (direction "left" swaps the ends); task-level "choices" ->
// document labels in the set named by from_name. Predictions are not a
// person's work: they become a suggestion layer (predictions.go).
package labelstudio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/model"
)

// Format describes Label Studio for the registry.
var Format = formats.Format{
	Name:         "labelstudio",
	Description:  "Label Studio JSON: tasks with data.text and one annotation per annotator (labels regions, per-region choices/textarea as attributes, relations, document choices); predictions become a suggestion layer (labelstudio:MODEL_VERSION) with their scores",
	Extensions:   []string{".json"},
	Import:       Import,
	NewExporter:  NewExporter,
	ImportFields: []formats.Option{formats.OptTextField},
}

type task struct {
	ID          json.RawMessage            `json:"id,omitempty"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []lsAnnotation             `json:"annotations"`
	Completions []lsAnnotation             `json:"completions"`
	Predictions []json.RawMessage          `json:"predictions"`
}

type lsAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by,omitempty"`
	Result       []result        `json:"result"`
	WasCancelled bool            `json:"was_cancelled,omitempty"`
}

type result struct {
	ID        string          `json:"id,omitempty"`
	FromName  string          `json:"from_name,omitempty"`
	ToName    string          `json:"to_name,omitempty"`
	Type      string          `json:"type"`
	Value     json.RawMessage `json:"value,omitempty"`
	Origin    string          `json:"origin,omitempty"`
	Meta      *regionMeta     `json:"meta,omitempty"`
	FromID    string          `json:"from_id,omitempty"`
	ToID      string          `json:"to_id,omitempty"`
	Direction string          `json:"direction,omitempty"`
	Labels    []string        `json:"labels,omitempty"`
}

type regionMeta struct {
	Text []string `json:"text,omitempty"`
}

type spanValue struct {
	Start  *int     `json:"start"`
	End    *int     `json:"end"`
	Text   *string  `json:"text"`
	Labels []string `json:"labels"`
}

// choicesValue is a choices or textarea result's value. Per-region
// results of a text span repeat the region's start, end and covered text
// (a string) beside their own field, so "text" is a string there and a
// list (the typed lines) in a textarea result.
type choicesValue struct {
	Choices []string        `json:"choices"`
	Text    json.RawMessage `json:"text,omitempty"`
}

// regionChoices is a per-region choices value as Label Studio writes it:
// the region's offsets and covered text beside the choices.
type regionChoices struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Text    string   `json:"text"`
	Choices []string `json:"choices"`
}

// textareaLines reads a textarea value's "text": a list of lines, or one
// string.
func (v choicesValue) textareaLines() ([]string, error) {
	if len(v.Text) == 0 || string(v.Text) == "null" {
		return nil, nil
	}
	var lines []string
	if json.Unmarshal(v.Text, &lines) == nil {
		return lines, nil
	}
	var one string
	if err := json.Unmarshal(v.Text, &one); err != nil {
		return nil, fmt.Errorf(`"text" must be a list of strings or a string`)
	}
	return []string{one}, nil
}

// Import reads a Label Studio JSON export (an array of tasks, or one task).
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("import labelstudio %s: %w", path, err)
	}
	if st.Size() > 4*text.MaxSize {
		return nil, fmt.Errorf("import labelstudio %s: file is larger than %d MB", path, 4*text.MaxSize>>20)
	}
	data, err := formats.ReadRegular(path, 4*text.MaxSize)
	if err != nil {
		return nil, fmt.Errorf("import labelstudio %s: %w", path, err)
	}
	imp, err := Read(data, path, opts)
	if err != nil {
		return nil, fmt.Errorf("import labelstudio: %w", err)
	}
	return imp, nil
}

// Read parses a Label Studio export. Errors name the file, the task index
// and, for JSON syntax errors, the line.
func Read(data []byte, file string, opts formats.ImportOptions) (*formats.Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := formats.CheckText(string(data)); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var tasks []task
	trim := bytes.TrimSpace(data)
	var err error
	if len(trim) > 0 && trim[0] == '{' {
		var t task
		err = json.Unmarshal(trim, &t)
		tasks = []task{t}
	} else {
		err = json.Unmarshal(trim, &tasks)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, jsonErr(data, len(data)-len(bytes.TrimLeft(data, " \t\r\n")), err))
	}
	out := &formats.Imported{}
	var warn formats.Counter
	var relTypes []model.RelationType
	skipped := 0
	for i, t := range tasks {
		di, err := readTask(t, opts, &warn)
		var nt *notTextError
		if errors.As(err, &nt) {
			// Image, audio or video tasks: never import their URL as text.
			warn.Add(fmt.Sprintf("tasks skipped: data.%s is %s, not text", nt.field, nt.what), 1)
			skipped++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: task %d (id %s): %w", file, i, t.ID, err)
		}
		if di.Doc.Name == "" {
			di.Doc.Name = fmt.Sprintf("task-%s", strings.Trim(string(t.ID), `"`))
			if len(t.ID) == 0 {
				di.Doc.Name = fmt.Sprintf("task-%d", i+1)
			}
		}
		out.Docs = append(out.Docs, di)
	}
	if len(out.Docs) == 0 && skipped > 0 {
		return nil, fmt.Errorf("%s: no text tasks: %s (Margin annotates text only)", file, strings.Join(warn.Lines(), "; "))
	}
	if len(out.Docs) == 0 {
		return nil, fmt.Errorf("%s: no tasks", file)
	}
	out.Warnings = warn.Lines()
	out.Labels = formats.LabelsFor(formats.LabelNames(out.Docs))
	out.Relations = formats.AddRelationTypes(relTypes, formats.RelationTypesFor(out.Docs))
	out.DocLabelSets = formats.DocLabelSetsFor(out.Docs)
	return out, nil
}

// dataKeys lists a task's data keys, sorted, for error messages.
func dataKeys(data map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isRegion: a result value that carries a span's offsets (a per-region
// result), as opposed to a task-level one.
func isRegion(v json.RawMessage) bool {
	var pos struct {
		Start *json.RawMessage `json:"start"`
		End   *json.RawMessage `json:"end"`
	}
	return json.Unmarshal(v, &pos) == nil && pos.Start != nil && pos.End != nil
}

// jsonErr adds the line of a JSON syntax error.
func jsonErr(data []byte, lead int, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset + int64(lead)
	case *json.UnmarshalTypeError:
		off = e.Offset + int64(lead)
	}
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("malformed JSON: %w", err)
	}
	line := bytes.Count(data[:off], []byte("\n")) + 1
	return fmt.Errorf("line %d: malformed JSON: %w", line, err)
}

// annotatorName maps completed_by (a user id or a user object) to a name.
func annotatorName(raw json.RawMessage, opts formats.ImportOptions) string {
	if len(raw) == 0 || string(raw) == "null" {
		return formats.AnnotatorOr("", opts)
	}
	var obj struct {
		Email     string `json:"email"`
		Username  string `json:"username"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		ID        *int64 `json:"id"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		switch {
		case obj.Email != "":
			return obj.Email
		case obj.Username != "":
			return obj.Username
		case strings.TrimSpace(obj.FirstName+" "+obj.LastName) != "":
			return strings.TrimSpace(obj.FirstName + " " + obj.LastName)
		case obj.ID != nil:
			return "labelstudio-user-" + strconv.FormatInt(*obj.ID, 10)
		}
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return "labelstudio-user-" + n.String()
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		return s
	}
	return formats.AnnotatorOr("", opts)
}

// notTextError: the task's data is an image, audio, video or other
// non-text object (a URL or file path), which Margin does not annotate.
type notTextError struct{ field, what string }

func (e *notTextError) Error() string {
	return fmt.Sprintf("data.%s is %s, not text", e.field, e.what)
}

// mediaFields are Label Studio's data keys for objects other than text
// (its object tags Image, Audio, Video, HyperText, PDF, ...).
var mediaFields = map[string]string{"image": "an image", "images": "a list of images", "audio": "audio", "video": "a video", "pdf": "a PDF", "url": "a URL"}

// urlLike: a value that names a file or a web address rather than being
// a text to annotate (one token with a scheme or a path separator).
func urlLike(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return false
	}
	return strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "data:") || strings.HasPrefix(s, "s3:") || strings.HasPrefix(s, "gs:")
}

func readTask(t task, opts formats.ImportOptions, warn *formats.Counter) (model.DocumentImport, error) {
	var di model.DocumentImport
	field := "text"
	if opts.TextField != "" {
		field = opts.TextField
	}
	raw, ok := t.Data[field]
	switch {
	case ok:
	case opts.TextField != "":
		return di, fmt.Errorf("data has no %q field (--text-field)", field)
	default:
		// The labeling config may call the field anything ($body, ...):
		// take the only string field, unless it is a URL or the task is
		// about an image, audio or video.
		var keys []string
		for k, v := range t.Data {
			var s string
			if json.Unmarshal(v, &s) == nil && k != "name" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for k := range t.Data {
			if what, media := mediaFields[k]; media {
				return di, &notTextError{field: k, what: what}
			}
		}
		if len(keys) != 1 {
			return di, fmt.Errorf(`data has no "text" field (name the field with --text-field; data has %s)`, strings.Join(dataKeys(t.Data), ", "))
		}
		var s string
		_ = json.Unmarshal(t.Data[keys[0]], &s)
		if urlLike(s) {
			return di, &notTextError{field: keys[0], what: "a URL or file path"}
		}
		raw = t.Data[keys[0]]
		warn.Add(fmt.Sprintf("text taken from data.%s", keys[0]), 1)
	}
	var txt string
	if err := json.Unmarshal(raw, &txt); err != nil {
		return di, fmt.Errorf("data.text must be a string")
	}
	if err := formats.CheckText(txt); err != nil {
		return di, err
	}
	di.Doc.Text = txt
	if n, ok := t.Data["name"]; ok {
		_ = json.Unmarshal(n, &di.Doc.Name)
	}
	ix := model.NewTextIndex(txt)
	sugs, err := readPredictions(t.Predictions, ix, warn)
	if err != nil {
		return di, err
	}
	di.Suggestions = sugs
	anns := append(append([]lsAnnotation{}, t.Annotations...), t.Completions...)
	for ai, la := range anns {
		if la.WasCancelled {
			warn.Add("cancelled annotations skipped", 1)
			continue
		}
		who := annotatorName(la.CompletedBy, opts)
		regions := map[string][]int{} // result id -> annotation indexes
		first := len(di.Annotations)
		for ri, r := range la.Result {
			if r.Type != "labels" {
				continue
			}
			var v spanValue
			if err := json.Unmarshal(r.Value, &v); err != nil || v.Start == nil || v.End == nil {
				return di, fmt.Errorf("annotation %d, result %d (%s): labels value needs integer start and end", ai, ri, r.ID)
			}
			frag, err := formats.Span(*v.Start, *v.End, ix.Len())
			if err == nil && v.Text != nil && ix.Slice(frag.Start, frag.End) != *v.Text {
				err = fmt.Errorf("value.text %q but the text has %q at %d-%d", *v.Text, ix.Slice(frag.Start, frag.End), frag.Start, frag.End)
			}
			if err != nil && v.Text != nil {
				// Older frontends counted UTF-16 units.
				s, e1 := ix.UTF16ToCodePoint(*v.Start)
				e, e2 := ix.UTF16ToCodePoint(*v.End)
				if e1 == nil && e2 == nil && s < e && ix.Slice(s, e) == *v.Text {
					frag, err = model.Fragment{Start: s, End: e}, nil
					warn.Add("regions with UTF-16 offsets (older Label Studio) converted to code points", 1)
				}
			}
			if err != nil {
				return di, fmt.Errorf("annotation %d, result %d (%s): %w", ai, ri, r.ID, err)
			}
			if len(v.Labels) == 0 {
				return di, fmt.Errorf("annotation %d, result %d (%s): region has no labels", ai, ri, r.ID)
			}
			for _, l := range v.Labels {
				a := model.Annotation{ID: formats.NewID(), Annotator: who, Label: l, Fragments: []model.Fragment{frag}, Text: ix.Slice(frag.Start, frag.End)}
				if r.Meta != nil && len(r.Meta.Text) > 0 {
					a.Note = strings.Join(r.Meta.Text, "\n")
				}
				if r.ID != "" {
					regions[r.ID] = append(regions[r.ID], len(di.Annotations))
				}
				di.Annotations = append(di.Annotations, a)
			}
		}
		_ = first
		for ri, r := range la.Result {
			switch r.Type {
			case "labels":
			case "relation":
				from, to := regions[r.FromID], regions[r.ToID]
				if len(from) == 0 || len(to) == 0 {
					return di, fmt.Errorf("annotation %d, result %d: relation from_id %q / to_id %q is not a region of this annotation", ai, ri, r.FromID, r.ToID)
				}
				f, tt := di.Annotations[from[0]].ID, di.Annotations[to[0]].ID
				if r.Direction == "left" {
					f, tt = tt, f
				}
				types := r.Labels
				if len(types) == 0 {
					types = []string{"related"}
				}
				for _, typ := range types {
					di.Relations = append(di.Relations, model.Relation{ID: formats.NewID(), Annotator: who, Type: typ, From: f, To: tt})
				}
			case "choices", "textarea":
				var v choicesValue
				if err := json.Unmarshal(r.Value, &v); err != nil {
					return di, fmt.Errorf("annotation %d, result %d: %s value: %w", ai, ri, r.Type, err)
				}
				vals := v.Choices
				if r.Type == "textarea" {
					var err error
					if vals, err = v.textareaLines(); err != nil {
						return di, fmt.Errorf("annotation %d, result %d: textarea value: %w", ai, ri, err)
					}
				}
				if idx, ok := regions[r.ID]; ok && r.ID != "" {
					for _, i := range idx {
						if di.Annotations[i].Attributes == nil {
							di.Annotations[i].Attributes = map[string]any{}
						}
						di.Annotations[i].Attributes[r.FromName] = strings.Join(vals, "\n")
					}
					continue
				}
				if r.Type == "textarea" {
					warn.Add("task-level textarea results skipped", 1)
					continue
				}
				if isRegion(r.Value) {
					warn.Add("per-region results whose region is not a labels region of the annotation skipped", 1)
					continue
				}
				for _, c := range vals {
					di.DocLabels = append(di.DocLabels, model.DocLabel{Annotator: who, Set: r.FromName, Value: c})
				}
			default:
				warn.Add(fmt.Sprintf("results of type %q skipped", r.Type), 1)
			}
		}
	}
	return di, nil
}

// Exporter writes a JSON array of tasks, one per document.
type Exporter struct {
	w      *bufio.Writer
	n      int
	report formats.Counter
	schema *model.Schema // attribute types: text attributes are textareas
}

// NewExporter writes Label Studio JSON to w.
func NewExporter(w io.Writer, _ string, opts formats.ExportOptions) (formats.Exporter, error) {
	if w == nil {
		return nil, fmt.Errorf("export labelstudio: no output stream")
	}
	return &Exporter{w: bufio.NewWriter(w), schema: opts.Schema}, nil
}

// isText reports whether the schema types attribute name of label as
// free text (a Label Studio TextArea rather than Choices).
func (e *Exporter) isText(label, name string) bool {
	if e.schema == nil {
		return false
	}
	l, ok := e.schema.Label(label)
	if !ok {
		return false
	}
	for _, a := range l.Attributes {
		if a.Name == name {
			return a.Type == model.AttrText
		}
	}
	return false
}

// regionTextarea is a per-region textarea value as Label Studio writes
// it: the region's offsets beside the typed lines.
type regionTextarea struct {
	Start int      `json:"start"`
	End   int      `json:"end"`
	Text  []string `json:"text"`
}

type outTask struct {
	ID          int64          `json:"id,omitempty"`
	Data        map[string]any `json:"data"`
	Annotations []outAnn       `json:"annotations"`
	Predictions []any          `json:"predictions"`
}

type outAnn struct {
	CompletedBy map[string]string `json:"completed_by"`
	Result      []any             `json:"result"`
}

// Write writes one task with one Label Studio annotation per annotator.
func (e *Exporter) Write(d formats.Layered) error {
	ix := model.NewTextIndex(d.Doc.Text)
	t := outTask{ID: d.Doc.ID, Data: map[string]any{"text": d.Doc.Text, "name": d.Doc.Name}, Annotations: []outAnn{}, Predictions: []any{}}
	byWho := map[string]*outAnn{}
	var order []string
	layer := func(who string) *outAnn {
		if byWho[who] == nil {
			byWho[who] = &outAnn{CompletedBy: map[string]string{"email": who}, Result: []any{}}
			order = append(order, who)
		}
		return byWho[who]
	}
	regionOf := map[string]string{}
	for _, a := range d.Annotations {
		la := layer(a.Annotator)
		if len(a.Fragments) > 1 {
			e.report.Add("discontinuous annotations written as one region per fragment (relations and attributes go to the first)", 1)
		}
		for fi, f := range a.Fragments {
			if err := model.ValidateFragments([]model.Fragment{f}, ix.Len()); err != nil {
				return fmt.Errorf("export labelstudio %q: annotation %s: %w", d.Doc.Name, a.ID, err)
			}
			id := a.ID
			if fi > 0 {
				id = fmt.Sprintf("%s_%d", a.ID, fi)
			}
			if fi == 0 {
				regionOf[a.ID] = id
			}
			r := result{ID: id, FromName: "label", ToName: "text", Type: "labels", Origin: "manual"}
			st, en, txt := f.Start, f.End, ix.Slice(f.Start, f.End)
			r.Value, _ = json.Marshal(spanValue{Start: &st, End: &en, Text: &txt, Labels: []string{a.Label}})
			if a.Note != "" && fi == 0 {
				r.Meta = &regionMeta{Text: []string{a.Note}}
			}
			la.Result = append(la.Result, r)
		}
		if len(a.Fragments) == 0 {
			return fmt.Errorf("export labelstudio %q: annotation %s has no fragments", d.Doc.Name, a.ID)
		}
		for _, k := range formats.AttrKeys(a.Attributes) {
			v := a.Attributes[k]
			if _, ok := v.(string); !ok {
				e.report.Add("non-text attribute values written as text choices", 1)
			}
			r := result{ID: regionOf[a.ID], FromName: k, ToName: "text", Type: "choices", Origin: "manual"}
			f := a.Fragments[0]
			if s, ok := v.(string); ok && e.isText(a.Label, k) {
				r.Type = "textarea"
				r.Value, _ = json.Marshal(regionTextarea{Start: f.Start, End: f.End, Text: strings.Split(s, "\n")})
			} else {
				r.Value, _ = json.Marshal(regionChoices{Start: f.Start, End: f.End, Text: ix.Slice(f.Start, f.End), Choices: []string{formats.AttrString(v)}})
			}
			la.Result = append(la.Result, r)
		}
	}
	for _, rel := range d.Relations {
		f, ok1 := regionOf[rel.From]
		to, ok2 := regionOf[rel.To]
		if !ok1 || !ok2 {
			e.report.Add("relations skipped: an end is not among the exported annotations", 1)
			continue
		}
		la := layer(rel.Annotator)
		la.Result = append(la.Result, result{FromID: f, ToID: to, Type: "relation", Direction: "right", Labels: []string{rel.Type}})
	}
	for _, l := range d.DocLabels {
		la := layer(l.Annotator)
		r := result{FromName: l.Set, ToName: "text", Type: "choices", Origin: "manual"}
		r.Value, _ = json.Marshal(choicesValue{Choices: []string{l.Value}})
		la.Result = append(la.Result, r)
	}
	sort.Strings(order)
	for _, who := range order {
		t.Annotations = append(t.Annotations, *byWho[who])
	}
	buf, err := marshal(t)
	if err != nil {
		return fmt.Errorf("export labelstudio %q: %w", d.Doc.Name, err)
	}
	sep := ",\n"
	if e.n == 0 {
		sep = "[\n"
	}
	e.n++
	e.w.WriteString(sep)
	e.w.Write(buf)
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("export labelstudio %q: %w", d.Doc.Name, err)
	}
	return nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Close ends the JSON array.
func (e *Exporter) Close() error {
	if e.n == 0 {
		e.w.WriteString("[")
	}
	e.w.WriteString("\n]\n")
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("export labelstudio: %w", err)
	}
	return nil
}

// Report lists what Label Studio could not hold.
func (e *Exporter) Report() []string { return e.report.Lines() }
