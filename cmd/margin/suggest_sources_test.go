package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const suggestSchema = `allow_overlap = true

[[labels]]
name = "LOC"
color = "#17bebb"
description = "A named place: city, region, country."

[[labels]]
name = "CODE"
color = "#e4572e"
description = "A UN resolution number."
patterns = ['UN-\d+']

[[doc_label_sets]]
name = "relevance"
values = ["relevant", "irrelevant"]
multiple = false
`

// suggestProject makes a project with suggestSchema and the texts (one
// document each, ids in order), for annotator ana.
func suggestProject(t *testing.T, texts ...string) string {
	t.Helper()
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	sc := filepath.Join(dir, "schema.toml")
	os.WriteFile(sc, []byte(suggestSchema), 0o644)
	mustRun(t, "schema", p, "--set", sc)
	for i, text := range texts {
		f := filepath.Join(dir, fmt.Sprintf("d%02d.txt", i+1))
		os.WriteFile(f, []byte(text), 0o644)
		mustRun(t, "import", p, f)
	}
	return p
}

func findSuggestion(list []cliSuggestion, doc int64, label, text string) *cliSuggestion {
	for i, s := range list {
		if s.Doc == doc && s.Label == label && s.Text == text {
			return &list[i]
		}
	}
	return nil
}

func TestSuggestStringsGazetteerAndPatterns(t *testing.T) {
	p := suggestProject(t, "Talks in Kyiv stalled. Resolution UN-2334 was cited.", "Kyiv and Odesa were shelled; UN-242 too. Kyivans fled.")
	mustRun(t, "annotate", p, "--doc", "1", "--label", "LOC", "--start", "9", "--end", "13")
	gaz := filepath.Join(t.TempDir(), "places.tsv")
	os.WriteFile(gaz, []byte("# phrase\tlabel\nOdesa\tLOC\n"), 0o644)
	mustRun(t, "suggest", "train", p, "--recommender", "strings", "--from", "ana", "--gazetteer", gaz)
	mustRun(t, "suggest", "run", p, "--recommender", "strings", "--for", "ana")
	list := listSuggestions(t, p)
	for _, want := range []struct {
		doc         int64
		label, text string
		score       float64
	}{{2, "LOC", "Kyiv", 1}, {2, "LOC", "Odesa", 1}, {2, "CODE", "UN-242", 1}, {1, "CODE", "UN-2334", 1}} {
		s := findSuggestion(list, want.doc, want.label, want.text)
		if s == nil || s.Score != want.score || s.Recommender != "strings" {
			t.Errorf("no %s %q in document %d: %+v", want.label, want.text, want.doc, list)
		}
	}
	if findSuggestion(list, 1, "LOC", "Kyiv") != nil {
		t.Error("proposed what ana already has")
	}
	if len(list) != 4 {
		t.Errorf("want 4 suggestions (not the Kyiv inside Kyivans), got %+v", list)
	}
	// Retraining adds a version: the learning curve lists both.
	mustRun(t, "suggest", "train", p, "--recommender", "strings", "--from", "ana")
	var models []struct {
		Version     int
		Annotations int
	}
	if err := json.Unmarshal([]byte(mustRun(t, "suggest", "models", p, "--recommender", "strings", "--json")), &models); err != nil || len(models) != 2 || models[1].Version != 2 || models[1].Annotations != 1 {
		t.Fatalf("models: %+v %v", models, err)
	}
	// A gazetteer line without a label is refused with its line number.
	bad := filepath.Join(t.TempDir(), "bad.tsv")
	os.WriteFile(bad, []byte("Odesa\tLOC\nLviv\n"), 0o644)
	if _, err := run(t, "suggest", "train", p, "--recommender", "strings", "--gazetteer", bad); err == nil || !strings.Contains(err.Error(), "bad.tsv:2") {
		t.Fatalf("bad gazetteer: %v", err)
	}
	// A schema pattern that is not a regular expression is refused.
	sc := filepath.Join(t.TempDir(), "s.toml")
	os.WriteFile(sc, []byte(strings.Replace(suggestSchema, `'UN-\d+'`, `'UN-(\d+'`, 1)), 0o644)
	if _, err := run(t, "schema", p, "--set", sc); err == nil || !strings.Contains(err.Error(), "pattern") {
		t.Fatalf("bad pattern: %v", err)
	}
}

func TestSuggestDocLabelClassifier(t *testing.T) {
	war := "Ceasefire talks resumed as negotiators discussed the truce and shelling near the front."
	sport := "The football club won the match with a late goal and the fans cheered the striker."
	var texts []string
	for i := 0; i < 6; i++ {
		texts = append(texts, fmt.Sprintf("%s Report %d.", war, i), fmt.Sprintf("%s Report %d.", sport, i))
	}
	p := suggestProject(t, texts...)
	for id := 1; id <= 10; id++ { // 11 and 12 stay unlabeled
		v := "relevant"
		if id%2 == 0 {
			v = "irrelevant"
		}
		mustRun(t, "label-doc", p, "--doc", fmt.Sprint(id), "--set", "relevance", "--value", v)
	}
	out := mustRun(t, "suggest", "train", p, "--recommender", "doclabel", "--json")
	if !strings.Contains(out, `"relevance=relevant"`) {
		t.Fatalf("train output has no per-set evaluation: %s", out)
	}
	mustRun(t, "suggest", "run", p, "--recommender", "doclabel", "--doc", "11", "--doc", "12", "--for", "ana")
	list := listSuggestions(t, p)
	if len(list) != 2 || list[0].Set != "relevance" || list[0].Label != "relevant" || list[1].Label != "irrelevant" {
		t.Fatalf("document-label suggestions: %+v", list)
	}
	mustRun(t, "suggestions", "accept", p, "--id", fmt.Sprint(list[0].ID))
	db := openDB(t, p)
	labels, _ := db.DocLabels(t.Context(), 11)
	if len(labels) != 1 || labels[0].Annotator != "ana" || labels[0].Value != "relevant" {
		t.Fatalf("accepted document label: %+v", labels)
	}
}

func TestSuggestImportedPredictions(t *testing.T) {
	p := suggestProject(t)
	dir := t.TempDir()
	// Label Studio export with an ML backend's predictions (Label Studio
	// 1.x task JSON).
	ls := filepath.Join(dir, "ls.json")
	os.WriteFile(ls, []byte(`[{"id": 1, "data": {"text": "Shelling near Kyiv 🙂 and Odesa"}, "annotations": [],
  "predictions": [{"model_version": "v7", "score": 0.4, "result": [
    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 14, "end": 18, "text": "Kyiv", "labels": ["LOC"]}, "score": 0.8},
    {"id": "b", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 25, "end": 30, "text": "Odesa", "labels": ["LOC"]}},
    {"id": "c", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 8, "text": "Shelling", "labels": ["ATTACK"]}, "score": 0.3}]}]}]`), 0o644)
	mustRun(t, "import", p, "--format", "labelstudio", ls)
	if sc := mustRun(t, "schema", p); !strings.Contains(sc, `"ATTACK"`) {
		t.Fatalf("the predicted label ATTACK was not added to the schema:\n%s", sc)
	}
	list := listSuggestions(t, p, "--recommender", "labelstudio:v7", "--min-score", "0.4")
	if len(list) != 2 || list[0].Text != "Kyiv" || list[0].Score != 0.8 || list[1].Text != "Odesa" || list[1].Score != 0.4 {
		t.Fatalf("Label Studio predictions: %+v", list)
	}
	// doccano JSONL (doccano 1.x export) as a suggestion layer: score 1.
	dc := filepath.Join(dir, "pre.jsonl")
	os.WriteFile(dc, []byte(`{"text": "Talks in Lviv", "label": [[9, 13, "LOC"]]}`+"\n"), 0o644)
	mustRun(t, "import", p, "--format", "doccano", "--as-suggestions", "spacy-ner", dc)
	list = listSuggestions(t, p, "--recommender", "spacy-ner")
	if len(list) != 1 || list[0].Text != "Lviv" || list[0].Score != 1 {
		t.Fatalf("--as-suggestions: %+v", list)
	}
	db := openDB(t, p)
	if anns, _ := db.Annotations(t.Context(), list[0].Doc, ""); len(anns) != 0 {
		t.Fatalf("--as-suggestions made annotations: %+v", anns)
	}
	// A bad file is refused whole: no document, no suggestion.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"text": "Talks in Rivne", "label": [[9, 13, "LOC"]]}`+"\n"+`{"text": "x", "label": [[0, 9, "LOC"]]}`+"\n"), 0o644)
	if _, err := run(t, "import", p, "--format", "doccano", "--as-suggestions", "spacy-ner", bad); err == nil {
		t.Fatal("bad file imported")
	}
	if docs, _ := db.Documents(t.Context()); len(docs) != 2 {
		t.Fatalf("a refused import left documents: %d", len(docs))
	}
}

// inceptionServer is a minimal recommender server implementing the
// external recommender protocol (INCEpTION's swagger external_recommender
// v1): /train remembers the NamedEntity values per covered text, /predict
// returns the CAS with a predicted NamedEntity on every token it knows.
type inceptionServer struct {
	mu      sync.Mutex
	known   map[string]string
	trained int
}

type xmiDoc struct {
	sofa   string
	tokens [][2]int
	ents   [][3]string
}

// parseXMI reads what the server needs of a CAS: the sofa string (as
// UTF-16, the unit of UIMA offsets), tokens and named entities.
func parseXMI(s string) xmiDoc {
	var d xmiDoc
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return d
		}
		if err != nil {
			d.sofa = "" // an unreadable CAS: the server then predicts nothing
			return d
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		get := func(n string) string {
			for _, a := range el.Attr {
				if a.Name.Local == n {
					return a.Value
				}
			}
			return ""
		}
		var b, e int
		fmt.Sscan(get("begin"), &b)
		fmt.Sscan(get("end"), &e)
		switch el.Name.Local {
		case "Sofa":
			d.sofa = get("sofaString")
		case "Token":
			d.tokens = append(d.tokens, [2]int{b, e})
		case "NamedEntity":
			d.ents = append(d.ents, [3]string{get("begin"), get("end"), get("value")})
		}
	}
}

func utf16Slice(s string, b, e int) string {
	u := []rune{}
	for _, r := range s {
		if r > 0xffff {
			u = append(u, 0xfffd, 0xfffd) // two units; never part of a token here
		} else {
			u = append(u, r)
		}
	}
	return string(u[b:e])
}

func (s *inceptionServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Metadata struct {
			Layer, Feature string
		}
		Document   struct{ XMI string }
		Documents  []struct{ XMI string }
		TypeSystem string
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Metadata.Layer != "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity" || req.Metadata.Feature != "value" || !strings.Contains(req.TypeSystem, "typeSystemDescription") {
		http.Error(w, "bad request", 400)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.URL.Path {
	case "/train":
		for _, d := range req.Documents {
			x := parseXMI(d.XMI)
			for _, e := range x.ents {
				var b, en int
				fmt.Sscan(e[0], &b)
				fmt.Sscan(e[1], &en)
				s.known[utf16Slice(x.sofa, b, en)] = e[2]
			}
			s.trained++
		}
		w.WriteHeader(http.StatusNoContent)
	case "/predict":
		x := parseXMI(req.Document.XMI)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" xmi:version="2.0"><cas:NULL xmi:id="0"/>`)
		fmt.Fprintf(&b, `<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="%s"/>`, xmlEscape(x.sofa))
		for i, tk := range x.tokens {
			if v, ok := s.known[utf16Slice(x.sofa, tk[0], tk[1])]; ok {
				fmt.Fprintf(&b, `<type:NamedEntity xmi:id="%d" sofa="1" begin="%d" end="%d" value="%s" value_score="0.7" inception_internal_predicted="true"/>`, 100+i, tk[0], tk[1], v)
			}
		}
		b.WriteString(`</xmi:XMI>`)
		json.NewEncoder(w).Encode(map[string]string{"document": b.String()})
	default:
		http.NotFound(w, r)
	}
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func TestSuggestExternalRecommender(t *testing.T) {
	p := suggestProject(t, "Talks in Kyiv stalled.", "🙂 Kyiv again, and Odesa.")
	mustRun(t, "annotate", p, "--doc", "1", "--label", "LOC", "--start", "9", "--end", "13")
	srv := &inceptionServer{known: map[string]string{}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	mustRun(t, "suggest", "train", p, "--recommender", "external", "--url", ts.URL, "--from", "ana")
	if srv.trained != 1 || srv.known["Kyiv"] != "LOC" {
		t.Fatalf("server trained on %d documents, knows %v", srv.trained, srv.known)
	}
	mustRun(t, "suggest", "run", p, "--recommender", "external", "--doc", "2") // the URL is remembered
	list := listSuggestions(t, p)
	// "🙂" is two UTF-16 units and one code point: Kyiv is at 2-6.
	if len(list) != 1 || list[0].Text != "Kyiv" || list[0].Start != 2 || list[0].End != 6 || list[0].Score != 0.7 {
		t.Fatalf("external suggestions: %+v", list)
	}
	// A server error is reported, not stored.
	ts.Close()
	if _, err := run(t, "suggest", "run", p, "--recommender", "external", "--doc", "2"); err == nil {
		t.Fatal("a run against a closed server succeeded")
	}
}

func TestSuggestLLMRecommender(t *testing.T) {
	p := suggestProject(t, "Kyiv said Kyivans in Kyiv fled. UN-9 met.")
	var prompt, modelName string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Model    string
			Messages []struct{ Role, Content string }
		}
		json.NewDecoder(r.Body).Decode(&req)
		modelName, prompt = req.Model, req.Messages[0].Content
		// As chat models answer: fenced JSON, one span not in the text,
		// one with a label the schema does not have.
		content := "```json\n{\"spans\": [{\"text\": \"Kyiv\", \"label\": \"LOC\"}, {\"text\": \"Lviv\", \"label\": \"LOC\"}, {\"text\": \"UN-9\", \"label\": \"RESOLUTION\"}]}\n```"
		json.NewEncoder(w).Encode(map[string]any{"model": req.Model, "choices": []any{map[string]any{"index": 0, "message": map[string]string{"role": "assistant", "content": content}}}})
	}))
	defer ts.Close()
	mustRun(t, "suggest", "run", p, "--recommender", "llm", "--url", ts.URL, "--model", "llama3.2:3b")
	if modelName != "llama3.2:3b" || !strings.Contains(prompt, "LOC: A named place") || !strings.Contains(prompt, "CODE: A UN resolution number.") {
		t.Fatalf("request: model %q, system prompt %q", modelName, prompt)
	}
	list := listSuggestions(t, p)
	// Kyiv at 0 and 21, not inside "Kyivans".
	if len(list) != 2 || list[0].Start != 0 || list[1].Start != 21 || list[0].Label != "LOC" {
		t.Fatalf("llm suggestions: %+v", list)
	}
	if !strings.Contains(list[0].Source, "llama3.2:3b") || !strings.Contains(list[0].Source, "Copy each span's text exactly") {
		t.Fatalf("source does not keep model and prompt: %q", list[0].Source)
	}
	// Evaluated on ana's layer: one Kyiv of the two is hers.
	mustRun(t, "annotate", p, "--doc", "1", "--label", "LOC", "--start", "0", "--end", "4")
	var ev struct {
		Overall struct{ Precision, Recall, F1 float64 }
	}
	if err := json.Unmarshal([]byte(mustRun(t, "suggest", "eval", p, "--recommender", "llm", "--url", ts.URL, "--model", "llama3.2:3b", "--from", "ana", "--json")), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Overall.Precision != 0.5 || ev.Overall.Recall != 1 {
		t.Fatalf("llm evaluation: %+v", ev)
	}
}
