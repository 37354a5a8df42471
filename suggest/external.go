package suggest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/margin-app/margin/model"
)

// External is a recommender server speaking INCEpTION's external
// recommender protocol (inception-imls-external, API v1), so servers
// written for INCEpTION (e.g. with the ariadne or DKPro TC libraries)
// work with Margin:
//
//	POST /train   {"metadata": M, "documents": [{"xmi", "documentId", "userId"}], "typeSystem"}  -> 204 (429: busy)
//	POST /predict {"metadata": M, "document": {"xmi", "documentId", "userId"}, "typeSystem"}     -> {"document": xmi}
//	M = {"layer", "feature", "projectId", "anchoringMode", "crossSentence", "range": {"begin", "end"}}
//
// The subset Margin implements: span layers only, one string feature.
// The CAS it sends is XMI with the text as the sofa, DKPro Core Sentence
// and Token annotations (Margin's tokens, the ones its CoNLL export
// writes) and, for training, one annotation of the layer per span with
// the label as the feature value. From the CAS the server returns it
// reads the layer's annotations marked inception_internal_predicted (or
// all of them when no annotation carries the mark), their feature value
// as the label and <feature>_score as the score (1 when absent). UIMA
// offsets are UTF-16 code units and are converted to code points.
// Relations, chains, multiple features and non-text sofas are not
// supported.
type External struct {
	name      string
	URL       string // the server's base URL, e.g. http://localhost:5000
	Layer     string // default de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity
	Feature   string // default value
	ProjectID int64
	User      string
	Client    *http.Client
}

// NewExternal makes a client for the server at url.
func NewExternal(name, url string) *External {
	return &External{name: name, URL: strings.TrimRight(url, "/")}
}

// Name is the suggestion layer.
func (e *External) Name() string { return e.name }

const defaultLayer = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"

func (e *External) layer() string {
	if e.Layer == "" {
		return defaultLayer
	}
	return e.Layer
}

func (e *External) feature() string {
	if e.Feature == "" {
		return "value"
	}
	return e.Feature
}

func (e *External) client() *http.Client {
	if e.Client != nil {
		return e.Client
	}
	return &http.Client{Timeout: 5 * time.Minute}
}

type extRange struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

type extMetadata struct {
	Layer         string   `json:"layer"`
	Feature       string   `json:"feature"`
	ProjectID     int64    `json:"projectId"`
	AnchoringMode string   `json:"anchoringMode"`
	CrossSentence bool     `json:"crossSentence"`
	Range         extRange `json:"range"`
}

type extDocument struct {
	XMI        string `json:"xmi"`
	DocumentID int64  `json:"documentId"`
	UserID     string `json:"userId"`
}

type extPredictRequest struct {
	Metadata   extMetadata `json:"metadata"`
	Document   extDocument `json:"document"`
	TypeSystem string      `json:"typeSystem"`
}

type extTrainRequest struct {
	Metadata   extMetadata   `json:"metadata"`
	Documents  []extDocument `json:"documents"`
	TypeSystem string        `json:"typeSystem"`
}

type extPredictResponse struct {
	Document string `json:"document"`
}

// ErrServerBusy is the server's 429 to a training request: it is still
// training and the request should be sent again later.
var ErrServerBusy = errors.New("recommender server is busy training (HTTP 429)")

// ServerError is an unexpected answer of a recommender server.
type ServerError struct {
	URL    string
	Status int
	Body   string
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("recommender server %s answered %d: %s", e.URL, e.Status, e.Body)
}

func (e *External) metadata(utf16Len int) extMetadata {
	return extMetadata{Layer: e.layer(), Feature: e.feature(), ProjectID: e.ProjectID, AnchoringMode: "tokens", Range: extRange{0, utf16Len}}
}

func (e *External) post(ctx context.Context, path string, body any) ([]byte, int, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL+path, bytes.NewReader(buf))
	if err != nil {
		return nil, 0, fmt.Errorf("recommender %s: %w", e.name, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.client().Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("recommender %s: %w", e.name, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("recommender %s: %w", e.name, err)
	}
	return out, resp.StatusCode, nil
}

// Train sends the examples' span annotations to /train.
func (e *External) Train(ctx context.Context, examples []Example, progress Progress) error {
	req := extTrainRequest{Metadata: e.metadata(0), TypeSystem: typeSystemXML(e.layer(), e.feature())}
	for n, ex := range examples {
		progress.report(n, len(examples))
		req.Documents = append(req.Documents, extDocument{XMI: casXMI(ex.Doc, ex.Annotations, e.layer(), e.feature()), DocumentID: ex.Doc.ID, UserID: e.User})
	}
	body, status, err := e.post(ctx, "/train", req)
	if err != nil {
		return err
	}
	switch status {
	case http.StatusNoContent, http.StatusOK:
		progress.report(len(examples), len(examples))
		return nil
	case http.StatusTooManyRequests:
		return fmt.Errorf("recommender %s: %w", e.name, ErrServerBusy)
	}
	return &ServerError{URL: e.URL + "/train", Status: status, Body: firstLine(body)}
}

// Marshal: an external recommender keeps its model on its server.
func (e *External) Marshal() ([]byte, error) {
	return json.Marshal(map[string]any{"url": e.URL, "layer": e.layer(), "feature": e.feature()})
}

// Predict sends the document to /predict and reads the predictions back.
func (e *External) Predict(ctx context.Context, doc *model.Document) ([]model.Suggestion, error) {
	ix := model.NewTextIndex(doc.Text)
	req := extPredictRequest{Metadata: e.metadata(ix.UTF16Len()), Document: extDocument{XMI: casXMI(doc, nil, e.layer(), e.feature()), DocumentID: doc.ID, UserID: e.User},
		TypeSystem: typeSystemXML(e.layer(), e.feature())}
	body, status, err := e.post(ctx, "/predict", req)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, &ServerError{URL: e.URL + "/predict", Status: status, Body: firstLine(body)}
	}
	var resp extPredictResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("recommender %s: /predict answer is not {\"document\": xmi}: %w", e.name, err)
	}
	preds, err := readPredictedXMI(resp.Document, e.layer(), e.feature())
	if err != nil {
		return nil, fmt.Errorf("recommender %s: %w", e.name, err)
	}
	var out []model.Suggestion
	for _, p := range preds {
		s, err1 := ix.UTF16ToCodePoint(p.begin)
		end, err2 := ix.UTF16ToCodePoint(p.end)
		if err1 != nil || err2 != nil || s >= end {
			return nil, fmt.Errorf("recommender %s: predicted span %d-%d (UTF-16) does not fit the document", e.name, p.begin, p.end)
		}
		out = append(out, model.Suggestion{DocID: doc.ID, Recommender: e.name, Label: p.label, Fragments: []model.Fragment{{Start: s, End: end}}, Score: clamp01(p.score), Source: "INCEpTION external recommender " + e.URL})
	}
	return out, nil
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// layerNS splits a UIMA type name into its XMI namespace URI and prefix
// and its short name: de.x.Foo -> http:///de/x.ecore, Foo.
func layerNS(typeName string) (uri, short string) {
	i := strings.LastIndexByte(typeName, '.')
	if i < 0 {
		return "http:///uima/noNamespace.ecore", typeName
	}
	return "http:///" + strings.ReplaceAll(typeName[:i], ".", "/") + ".ecore", typeName[i+1:]
}

func attr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&quot;")
}

// casXMI writes a document as a UIMA CAS in XMI: sofa, DocumentAnnotation,
// Sentence and Token, and one layer annotation per span fragment.
func casXMI(doc *model.Document, anns []model.Annotation, layer, feature string) string {
	ix := model.NewTextIndex(doc.Text)
	u := ix.CodePointToUTF16
	layerURI, layerShort := layerNS(layer)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:tcas="http:///uima/tcas.ecore" xmlns:seg="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmlns:lay="` + layerURI + `" xmi:version="2.0">` + "\n")
	b.WriteString(`<cas:NULL xmi:id="0"/>` + "\n")
	fmt.Fprintf(&b, `<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="%s"/>`+"\n", attr(doc.Text))
	fmt.Fprintf(&b, `<tcas:DocumentAnnotation xmi:id="2" sofa="1" begin="0" end="%d" language="x-unspecified"/>`+"\n", ix.UTF16Len())
	id := 3
	var members []string
	members = append(members, "2")
	for _, s := range sentences(doc) {
		fmt.Fprintf(&b, `<seg:Sentence xmi:id="%d" sofa="1" begin="%d" end="%d"/>`+"\n", id, u(s.start[0]), u(s.end[len(s.end)-1]))
		members = append(members, strconv.Itoa(id))
		id++
		for k := range s.words {
			fmt.Fprintf(&b, `<seg:Token xmi:id="%d" sofa="1" begin="%d" end="%d"/>`+"\n", id, u(s.start[k]), u(s.end[k]))
			members = append(members, strconv.Itoa(id))
			id++
		}
	}
	for _, a := range anns {
		for _, f := range a.Fragments {
			fmt.Fprintf(&b, `<lay:%s xmi:id="%d" sofa="1" begin="%d" end="%d" %s="%s"/>`+"\n", layerShort, id, u(f.Start), u(f.End), feature, attr(a.Label))
			members = append(members, strconv.Itoa(id))
			id++
		}
	}
	fmt.Fprintf(&b, `<cas:View sofa="1" members="%s"/>`+"\n", strings.Join(members, " "))
	b.WriteString(`</xmi:XMI>` + "\n")
	return b.String()
}

// typeSystemXML declares the types casXMI uses, with the score and
// prediction-mark features INCEpTION adds to a recommender's layer.
func typeSystemXML(layer, feature string) string {
	td := func(name, super string, feats ...[2]string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<typeDescription><name>%s</name><supertypeName>%s</supertypeName><features>`, attr(name), super)
		for _, f := range feats {
			fmt.Fprintf(&b, `<featureDescription><name>%s</name><rangeTypeName>%s</rangeTypeName></featureDescription>`, attr(f[0]), f[1])
		}
		b.WriteString(`</features></typeDescription>`)
		return b.String()
	}
	return `<?xml version="1.0" encoding="UTF-8"?><typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"><types>` +
		td("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence", "uima.tcas.Annotation") +
		td("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token", "uima.tcas.Annotation") +
		td(layer, "uima.tcas.Annotation", [2]string{feature, "uima.cas.String"}, [2]string{feature + "_score", "uima.cas.Double"},
			[2]string{feature + "_score_explanation", "uima.cas.String"}, [2]string{"inception_internal_predicted", "uima.cas.Boolean"}) +
		`</types></typeSystemDescription>`
}

type xmiPrediction struct {
	begin, end int
	label      string
	score      float64
	predicted  bool
}

// readPredictedXMI reads the layer's annotations from a CAS XMI.
func readPredictedXMI(doc, layer, feature string) ([]xmiPrediction, error) {
	layerURI, layerShort := layerNS(layer)
	dec := xml.NewDecoder(strings.NewReader(doc))
	var all []xmiPrediction
	marked := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("predicted CAS XMI, line %d: %w", line, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != layerShort || el.Name.Space != layerURI {
			continue
		}
		p := xmiPrediction{score: 1}
		var hasBegin, hasEnd bool
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "begin":
				p.begin, err = strconv.Atoi(a.Value)
				hasBegin = err == nil
			case "end":
				p.end, err = strconv.Atoi(a.Value)
				hasEnd = err == nil
			case feature:
				p.label = a.Value
			case feature + "_score":
				if v, err := strconv.ParseFloat(a.Value, 64); err == nil {
					p.score = v
				}
			case "inception_internal_predicted":
				p.predicted = a.Value == "true"
				marked = marked || p.predicted
			}
		}
		if !hasBegin || !hasEnd || p.label == "" {
			continue // an annotation without a value is no suggestion
		}
		all = append(all, p)
	}
	if !marked {
		return all, nil
	}
	var out []xmiPrediction
	for _, p := range all {
		if p.predicted {
			out = append(out, p)
		}
	}
	return out, nil
}
