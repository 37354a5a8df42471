package formats

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"github.com/margin-app/margin/internal/labelcolor"
	"github.com/margin-app/margin/model"
)

// DefaultAnnotator names the layer of imported data when neither the data
// nor ImportOptions.Annotator names one (model validation needs a name).
const DefaultAnnotator = "imported"

// AnnotatorOr returns a, else opts' annotator, else DefaultAnnotator.
func AnnotatorOr(a string, opts ImportOptions) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	if strings.TrimSpace(opts.Annotator) != "" {
		return opts.Annotator
	}
	return DefaultAnnotator
}

// The ids' random bits come from crypto/rand in batches (uuid's pool)
// rather than one read per id: an import of a million spans made a
// million reads, 4% of its CPU (issue 14). The bits are as random; the
// pool only keeps some of them on the heap until used, which matters for
// secrets, and ids are not. Enabled in an init, before any goroutine of
// ours can make an id (uuid requires that).
func init() { uuid.EnableRandPool() }

// NewID returns a fresh annotation/relation id: a time-ordered UUID (v7),
// so a bulk import appends to the project's id index instead of writing
// at random places in it.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// Counter collects "what could not be expressed" counts for an exporter's
// report (or an importer's warnings), keeping first-seen order.
type Counter struct {
	order []string
	n     map[string]int
}

// Add counts n occurrences of msg.
func (c *Counter) Add(msg string, n int) {
	if n == 0 {
		return
	}
	if c.n == nil {
		c.n = map[string]int{}
	}
	if _, ok := c.n[msg]; !ok {
		c.order = append(c.order, msg)
	}
	c.n[msg] += n
}

// Lines renders "msg: count" lines.
func (c *Counter) Lines() []string {
	out := make([]string, 0, len(c.order))
	for _, m := range c.order {
		out = append(out, fmt.Sprintf("%s: %d", m, c.n[m]))
	}
	return out
}

// Count returns the count recorded for msg.
func (c *Counter) Count(msg string) int { return c.n[msg] }

// Span builds the single fragment start-end after checking it lies inside
// a text of n code points and is non-empty.
func Span(start, end, n int) (model.Fragment, error) {
	if start < 0 || start >= end || end > n {
		return model.Fragment{}, fmt.Errorf("span %d-%d is invalid: need 0 <= start < end <= %d (text length in code points)", start, end, n)
	}
	return model.Fragment{Start: start, End: end}, nil
}

// AttrKeys returns the attribute names of a, sorted, so output is stable.
func AttrKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// AttrString renders an attribute value as text for formats that only hold
// strings (CSV, XLSX, brat valued attributes).
func AttrString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	default:
		return fmt.Sprint(x)
	}
}

// LabelsFor returns schema labels for names (deduplicated, in order), each
// colored as differently from the ones before it as can be (labelcolor).
// An import into a project recolors those that come close to the
// project's own (dataset.GrowSchema).
func LabelsFor(names []string) []model.Label {
	seen := map[string]bool{}
	var out []model.Label
	for _, n := range names {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, model.Label{Name: n, Color: labelcolor.Pick(labelColors(out))})
	}
	return out
}

// LabelNames lists the distinct labels used in docs, in first-seen order.
func LabelNames(docs []model.DocumentImport) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, a := range d.Annotations {
			if !seen[a.Label] {
				seen[a.Label] = true
				out = append(out, a.Label)
			}
		}
	}
	return out
}

// RelationTypesFor lists the relation types used in docs with the labels
// they connect, in first-seen order.
func RelationTypesFor(docs []model.DocumentImport) []model.RelationType {
	idx := map[string]int{}
	var out []model.RelationType
	add := func(list []string, v string) []string {
		for _, x := range list {
			if x == v {
				return list
			}
		}
		return append(list, v)
	}
	for _, d := range docs {
		label := map[string]string{}
		for _, a := range d.Annotations {
			label[a.ID] = a.Label
		}
		for _, r := range d.Relations {
			i, ok := idx[r.Type]
			if !ok {
				i = len(out)
				idx[r.Type] = i
				out = append(out, model.RelationType{Name: r.Type})
			}
			if l := label[r.From]; l != "" {
				out[i].From = add(out[i].From, l)
			}
			if l := label[r.To]; l != "" {
				out[i].To = add(out[i].To, l)
			}
		}
	}
	return out
}

// SafeName turns s into a name made of letters, digits, '-' and '_' only
// (brat type names, file names); other runs become '_'. Empty input gives
// "unnamed".
func SafeName(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			b.WriteRune(r)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.Trim(b.String(), "_")
	if out == "" {
		return "unnamed"
	}
	return out
}

// DocName is a document's name, or a short hash of its text when unnamed.
func DocName(d *model.Document) string {
	if strings.TrimSpace(d.Name) != "" {
		return d.Name
	}
	return model.TextSHA256(d.Text)[:12]
}

// AddLabels appends labels for the names not yet in have, each colored as
// differently from the labels before it as can be.
func AddLabels(have []model.Label, names []string) []model.Label {
	seen := map[string]bool{}
	for _, l := range have {
		seen[l.Name] = true
	}
	for _, n := range names {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		have = append(have, model.Label{Name: n, Color: labelcolor.Pick(labelColors(have))})
	}
	return have
}

func labelColors(ls []model.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Color
	}
	return out
}

// AddRelationTypes appends the types of more whose names are not in have.
func AddRelationTypes(have, more []model.RelationType) []model.RelationType {
	seen := map[string]bool{}
	for _, r := range have {
		seen[r.Name] = true
	}
	for _, r := range more {
		if !seen[r.Name] {
			seen[r.Name] = true
			have = append(have, r)
		}
	}
	return have
}

// Losses names, for one format, what an annotation loses when written:
// its extra fragments, its attributes, its note. An empty message means
// the format keeps that part.
type Losses struct{ Discontinuous, Attributes, Note string }

// Count adds to c what a loses in the format.
func (l Losses) Count(c *Counter, a *model.Annotation) {
	if l.Discontinuous != "" && len(a.Fragments) > 1 {
		c.Add(l.Discontinuous, 1)
	}
	if l.Attributes != "" && len(a.Attributes) > 0 {
		c.Add(l.Attributes, 1)
	}
	if l.Note != "" && a.Note != "" {
		c.Add(l.Note, 1)
	}
}
