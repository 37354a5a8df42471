package qdpx_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/formats/qdpx"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

func labelKeys(ls []model.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = fmt.Sprintf("%s color=%s parent=%q desc=%q", l.Name, l.Color, l.Parent, l.Description)
	}
	return out
}

func annKeys(as []model.Annotation) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = fmt.Sprintf("%s|%s|%v|%q|note=%q", a.Annotator, a.Label, a.Fragments, a.Text, a.Note)
	}
	sort.Strings(out)
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s differ\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// ATLAS.ti 23 writes the code tree nested; the project has codes but no
// sources, so it brings a codebook and nothing else.
func TestATLASti23TargetProject(t *testing.T) {
	imp, err := qdpx.Import(realdata.Path(t, "qdpx/target-atlas-project.qdpx"), formats.ImportOptions{Annotator: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Docs) != 0 {
		t.Fatalf("documents from a project without sources: %d", len(imp.Docs))
	}
	same(t, "labels", labelKeys(imp.Labels), []string{
		`Commits color= parent="" desc=""`,
		`2022-05-10T02:05:59Z 19e4dce color= parent="Commits" desc=""`,
		`2022-02-11T10:39:25Z cdbfd92 color= parent="Commits" desc=""`,
	})
}

func TestATLASti23BlankProject(t *testing.T) {
	imp, err := qdpx.Import(realdata.Path(t, "qdpx/blank-atlas-project.qdpx"), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Docs) != 0 || len(imp.Labels) != 0 || len(imp.Relations) != 0 {
		t.Fatalf("blank project imported something: %+v", imp)
	}
}

func TestATLAStiShapedProject(t *testing.T) {
	var progress [][2]int64
	imp, err := qdpx.Import(writeArchive(t, atlasFiles()), formats.ImportOptions{Annotator: "me",
		Progress: func(done, total int64) { progress = append(progress, [2]int64{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 1 {
		t.Fatalf("want the one text source, got %d documents", len(imp.Docs))
	}
	d := imp.Docs[0]
	if d.Doc.Text != atlasText || d.Doc.Name != "Mabel.txt" {
		t.Fatalf("document %q: text %q", d.Doc.Name, d.Doc.Text)
	}
	same(t, "labels", labelKeys(imp.Labels), []string{
		`Coke color=#966450 parent="" desc="the breakfast of champions"`,
		`diet Coke color=#966450 parent="Coke" desc="non sucré"`,
		`Feelings color=#f00082 parent="" desc=""`,
		`Topics color= parent="" desc=""`,
		`Topics::diet Coke color=#33cc33 parent="Topics" desc=""`,
	})
	quote := "Mabel is not the only person I know who has Coke for breakfast!"
	memo := "This version is much better than the new Director’s cut"
	same(t, "annotations", annKeys(d.Annotations), []string{
		`Friedrich Markgraf|Coke|[{46 48}]|"🇺🇦"|note=""`,
		`Friedrich Markgraf|Coke|[{64 68}]|"Coke"|note="` + memo + `"`,
		`Friedrich Markgraf|Feelings|[{35 39}]|"👩🏽\u200d💻"|note=""`,
		"Friedrich Markgraf|Topics::diet Coke|[{28 34}]|\"cre\u0300me\"|note=\"\"", // e + combining grave: 6 code points
		`Friedrich Markgraf|diet Coke|[{19 23}]|"café"|note="` + quote + `"`,
		`Sebastian Petrausch|Feelings|[{19 23}]|"café"|note="` + quote + `"`,
	})
	ids := map[string]model.Annotation{}
	for _, a := range d.Annotations {
		ids[a.ID] = a
	}
	if a, ok := ids["445a6aec-1400-4502-919d-0867832ff211"]; !ok || a.CreatedAt.Format("2006-01-02T15:04:05Z") != "2018-03-27T19:29:27Z" {
		t.Errorf("the coding GUID is not the annotation id, or its date was lost: %+v", a)
	}
	if len(d.Relations) != 1 {
		t.Fatalf("relations: %+v", d.Relations)
	}
	r := d.Relations[0]
	if r.Type != "is about" || ids[r.From].Text != "👩🏽\u200d💻" || ids[r.To].Text != "🇺🇦" || r.Annotator != "Friedrich Markgraf" {
		t.Errorf("relation: %+v", r)
	}
	var meta map[string]any
	if err := json.Unmarshal(d.Doc.Meta, &meta); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"description": "interview, first session",
		"variables":   map[string]any{"interviewed": "2018-03-27"},
		"cases":       map[string]any{"Mabel": map[string]any{"age": float64(25)}},
	}
	if !reflect.DeepEqual(meta, want) {
		t.Errorf("metadata %v, want %v", meta, want)
	}
	same(t, "warnings", imp.Warnings, []string{
		"code folders (isCodable false) imported as ordinary labels: 1",
		`code "diet Coke" renamed "Topics::diet Coke" (another code has its name): 1`,
		"Picture sources skipped (Margin imports text sources): 1",
		"notes not attached to an imported source, selection or code (project memos) not imported: 1",
	})
	if len(progress) == 0 || progress[len(progress)-1][0] != progress[len(progress)-1][1] {
		t.Errorf("progress calls: %v", progress)
	}
}

// qualcoderQDE is shaped as QualCoder 3.x writes project.qde (refi.py at
// ccbogel/QualCoder c3204641): lower-case GUIDs, a "sources" folder, the
// text file written with a UTF-8 byte-order mark ("utf-8-sig"), the coding
// memo as the selection's Description, the source memo as its
// Description.
const qualcoderQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" name="interviews" origin="QualCoder-3.6" creatingUserGUID="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-01-02T10:00:00Z">
<Users>
<User guid="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" name="default"/>
</Users>
<CodeBook>
<Codes>
<Code guid="2dfba8c9-59f5-4424-99d6-ea9bce18134b" name="réfugiés" isCodable="true" color="#AA5500">
<Description>people who fled</Description>
</Code>
</Codes>
</CodeBook>
<Sources>
<TextSource plainTextPath="internal://a2b94468-80a5-412f-92d6-e900d97b55a6.txt" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-01-02T10:00:00Z" guid="a2b94468-80a5-412f-92d6-e900d97b55a6" name="interview 1">
<Description>first interview</Description>
<PlainTextSelection guid="08cbced0-d736-44c8-8fd6-eb4d29fe46c5" startPosition="4" endPosition="12" name="réfugiés" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-01-02T10:05:00Z">
<Description>key term</Description>
<Coding guid="76414714-63c4-4a25-a47e-66fef80bd52e" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" >
<CodeRef targetGUID="2dfba8c9-59f5-4424-99d6-ea9bce18134b" />
</Coding>
</PlainTextSelection>
</TextSource>
</Sources>
</Project>
`

func TestQualCoderShapedProject(t *testing.T) {
	text := "Les réfugiés 🙂 arrivent."
	p := writeArchive(t, map[string]string{
		"project.qde": qualcoderQDE,
		"sources/a2b94468-80a5-412f-92d6-e900d97b55a6.txt": "\ufeff" + text,
	})
	imp, err := qdpx.Import(p, formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 1 || imp.Docs[0].Doc.Text != text {
		t.Fatalf("the byte-order mark must go and the text stay: %+v", imp.Docs)
	}
	same(t, "annotations", annKeys(imp.Docs[0].Annotations), []string{`default|réfugiés|[{4 12}]|"réfugiés"|note="key term"`})
	if string(imp.Docs[0].Doc.Meta) != `{"description":"first interview"}` {
		t.Errorf("meta: %s", imp.Docs[0].Doc.Meta)
	}
}

// Inputs Margin does not understand are refused whole, naming the file,
// the line and what is wrong.
func TestImportRefuses(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(files map[string]string)
		wants []string
	}{
		{"selection beyond the text", func(f map[string]string) {
			f["project.qde"] = strings.Replace(atlasQDE, `startPosition="64" endPosition="68"`, `startPosition="64" endPosition="70"`, 1)
		}, []string{"project.qde:", "789A62D6-A2AD-4B59-AB90-EF1D4AB1868F", "<= 69"}},
		{"unknown code", func(f map[string]string) {
			f["project.qde"] = strings.Replace(atlasQDE, `<CodeRef targetGUID="7496BA52-9C8D-4396-8FAB-CC438614E453"/>`, `<CodeRef targetGUID="00000000-0000-4000-8000-000000000000"/>`, 1)
		}, []string{"Mabel.txt", "00000000-0000-4000-8000-000000000000", "codebook"}},
		{"text not UTF-8", func(f map[string]string) {
			f["Sources/B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.TXT"] = "caf\xe9"
		}, []string{"Mabel.txt", "not UTF-8 at byte 3"}},
		{"missing source file", func(f map[string]string) {
			delete(f, "Sources/B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.TXT")
		}, []string{"no file", "B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt"}},
		{"no project.qde", func(f map[string]string) {
			delete(f, "project.qde")
		}, []string{"no project.qde"}},
		{"a codebook, not a project", func(f map[string]string) {
			f["project.qde"] = `<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>`
		}, []string{"project.qde:1", "<CodeBook>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := atlasFiles()
			c.edit(files)
			_, err := qdpx.Import(writeArchive(t, files), formats.ImportOptions{})
			if err == nil {
				t.Fatal("imported")
			}
			for _, w := range append(c.wants, "project.qdpx") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// MAXQDA and Quirkos keep a source's variables in an unnamed Case with
// that one SourceRef (the shape QualCoder's refi.py at c3204641 documents
// and reads, parse_case_for_file_variables); they are the document's
// variables. A named case without sources has no document to land on.
func TestSourceVariablesInAnUnnamedCase(t *testing.T) {
	qde := strings.Replace(qualcoderQDE, "<Sources>", `<Variables>
<Variable guid="3ba84074-e1af-4234-9773-1a71bb5c54de" name="Gender" typeOfVariable="Text"/>
<Variable guid="96868d37-d832-4d19-bf5e-9bd0792ab8e2" name="Age" typeOfVariable="Integer"/>
</Variables>
<Cases>
<Case guid="d9001bcb-0803-4b06-b4d4-be0accd558a9">
<VariableValue>
<VariableRef targetGUID="3ba84074-e1af-4234-9773-1a71bb5c54de"/>
<TextValue>f</TextValue>
</VariableValue>
<VariableValue>
<VariableRef targetGUID="96868d37-d832-4d19-bf5e-9bd0792ab8e2"/>
<IntegerValue>41</IntegerValue>
</VariableValue>
<SourceRef targetGUID="a2b94468-80a5-412f-92d6-e900d97b55a6"/>
</Case>
<Case guid="22f758b2-9508-48ae-96db-0e5e009afae5" name="Kyiv desk">
<Description />
</Case>
</Cases>
<Sources>`, 1)
	p := writeArchive(t, map[string]string{
		"project.qde": qde,
		"sources/a2b94468-80a5-412f-92d6-e900d97b55a6.txt": "Les réfugiés 🙂 arrivent.",
	})
	imp, err := qdpx.Import(p, formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(imp.Docs[0].Doc.Meta); got != `{"description":"first interview","variables":{"Age":41,"Gender":"f"}}` {
		t.Errorf("meta: %s", got)
	}
	same(t, "warnings", imp.Warnings, []string{"cases without a source not imported (Margin keeps cases in document metadata): 1"})
}

// crlfQDE is atlasQDE's shape with a text whose Windows line breaks
// ATLAS.ti counts as one character each (QualCoder's refi.py at
// c3204641, load_text_source: "Atlas stored correct positions ... as
// though it is \n"); ATLAS.ti names each quotation by its text, cut with
// "…" when long. START1.. are filled in by the test.
const crlfQDE = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="ATLAS.ti 8.4.0 573 , Windows" name="lines">
    <Users><User guid="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="Friedrich Markgraf"/></Users>
    <CodeBook><Codes><Code color="#966450" isCodable="true" name="Coke" guid="7496BA52-9C8D-4396-8FAB-CC438614E453"/></Codes></CodeBook>
    <Sources>
        <TextSource plainTextPath="internal://B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt" guid="EC0A7242-65E1-457C-B7D1-310DAE603FAB" name="lines.txt">
            <PlainTextSelection startPosition="START1" endPosition="END1" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="4191294A-E287-4510-95B0-69BCE4638E56" name="Coke">
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="445A6AEC-1400-4502-919D-0867832FF211"><CodeRef targetGUID="7496BA52-9C8D-4396-8FAB-CC438614E453"/></Coding>
            </PlainTextSelection>
            <PlainTextSelection startPosition="START2" endPosition="END2" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="B49D7982-BB8E-4335-80AF-DC869CCC3F45" name="diet Coke here, with a longer quotation that ATLAS.ti cuts…">
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="89B9918E-4209-4FE0-BEA0-0C7FF56D67A4"><CodeRef targetGUID="7496BA52-9C8D-4396-8FAB-CC438614E453"/></Coding>
            </PlainTextSelection>
        </TextSource>
    </Sources>
</Project>
`

func TestLineBreaksCountedAsOneCharacter(t *testing.T) {
	text := "Line one.\r\nLine two has Coke.\r\nThird: diet Coke here, with a longer quotation that ATLAS.ti cuts in its name."
	long := "diet Coke here, with a longer quotation that ATLAS.ti cuts in its name."
	want := []string{
		`Friedrich Markgraf|Coke|[{24 28}]|"Coke"|note=""`,
		`Friedrich Markgraf|Coke|[{38 109}]|"` + long + `"|note=""`,
	}
	for _, c := range []struct {
		name      string
		positions []string // START1 END1 START2 END2
		warned    bool
	}{
		{"ATLAS.ti's count", []string{"23", "27", "36", "107"}, true},
		{"the standard's count", []string{"24", "28", "38", "109"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			qde := strings.NewReplacer("START1", c.positions[0], "END1", c.positions[1], "START2", c.positions[2], "END2", c.positions[3]).Replace(crlfQDE)
			imp, err := qdpx.Import(writeArchive(t, map[string]string{"project.qde": qde, "Sources/B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt": text}), formats.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if imp.Docs[0].Doc.Text != text {
				t.Fatalf("text changed: %q", imp.Docs[0].Doc.Text)
			}
			same(t, "annotations", annKeys(imp.Docs[0].Annotations), want)
			if warned := len(imp.Warnings) == 1 && strings.Contains(imp.Warnings[0], `\r\n line break as one character`); warned != c.warned {
				t.Errorf("warnings %v", imp.Warnings)
			}
		})
	}
}

// A text source may point outside the archive: relative:// to the
// project's basePath (beside the .qdpx when there is none) or absolute://.
// The import reads it and says so.
func TestExternalTextSources(t *testing.T) {
	for _, c := range []struct {
		name string
		path func(dir string) string
	}{
		{"relative", func(string) string { return "relative:///interview.txt" }},
		{"absolute", func(dir string) string { return "absolute://" + filepath.ToSlash(filepath.Join(dir, "interview.txt")) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			qde := strings.Replace(qualcoderQDE, "internal://a2b94468-80a5-412f-92d6-e900d97b55a6.txt", c.path(dir), 1)
			p := writeArchiveAt(t, filepath.Join(dir, "project.qdpx"), map[string]string{"project.qde": qde})
			text := "Les réfugiés 🙂 arrivent."
			if err := os.WriteFile(filepath.Join(dir, "interview.txt"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			imp, err := qdpx.Import(p, formats.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if imp.Docs[0].Doc.Text != text || imp.Docs[0].Annotations[0].Text != "réfugiés" {
				t.Fatalf("document %+v", imp.Docs[0])
			}
			same(t, "warnings", imp.Warnings, []string{"text read from outside the archive: " + filepath.Join(dir, "interview.txt") + ": 1"})
		})
	}
}

// pdfQDE is shaped as the REFI-QDA 1.5 spec's Annex A.2 writes a PDF
// (ATLAS.ti 8.4.0): the PDF itself, an area selection on a page, and a
// plain text Representation whose PlainTextSelections are the text
// codings (10.3). The representation's text is the document.
const pdfQDE = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="ATLAS.ti 8.4.0 573 , macOS Version 10.14.3 (Build 18D109)" name="ATLAS.ti standard project">
    <Users><User guid="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="Friedrich Markgraf"/></Users>
    <CodeBook><Codes><Code color="#F00082" isCodable="true" name="waste of time" guid="7988DAC2-ADBD-4258-A81E-71489189F5B5"/></Codes></CodeBook>
    <Sources>
        <PDFSource modifiedDateTime="2018-03-27T18:01:07Z" modifyingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T18:01:07Z" path="internal://3E029F7C-B699-47C2-AE9F-95F481693CAF.pdf" guid="2065D8AB-D724-40C9-B4E9-6EB8DAB73541" name="Pay de Limón con Base de Granola | Kellogg's ®.pdf">
            <PDFSelection firstX="335" firstY="367" modifyingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T19:12:39Z" modifiedDateTime="2018-03-27T19:12:39Z" secondY="420" secondX="485" guid="27A5F0C2-E225-4D6A-8297-F4FEC794D890" name="granola" page="0">
                <Representation guid="45930BEF-DF23-4E1E-81B3-E6A5F034FE8D">
                    <PlainTextContent>granola</PlainTextContent>
                </Representation>
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T19:12:39Z" guid="A4681168-7A17-45F6-BEF4-E717A90DB205">
                    <CodeRef targetGUID="7988DAC2-ADBD-4258-A81E-71489189F5B5"/>
                </Coding>
            </PDFSelection>
            <Representation plainTextPath="internal://142EB46D-612E-4593-A385-D0E5D04D1288.txt" modifyingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" modifiedDateTime="2018-03-27T18:01:07Z" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T18:01:07Z" guid="142EB46D-612E-4593-A385-D0E5D04D1288" name="Representation_for_Pay de Limón con Base de Granola | Kellogg's ®.pdf">
                <PlainTextSelection startPosition="17" modifyingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" modifiedDateTime="2018-03-27T19:12:39Z" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T19:12:39Z" endPosition="24" guid="27A5F0C2-E225-4D6A-8297-F4FEC794D890" name="granola">
                    <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T19:12:39Z" guid="4B1F2D56-CCE9-46F9-8248-E110F3352C5A">
                        <CodeRef targetGUID="7988DAC2-ADBD-4258-A81E-71489189F5B5"/>
                    </Coding>
                </PlainTextSelection>
            </Representation>
        </PDFSource>
    </Sources>
</Project>
`

func TestPDFSourceRepresentation(t *testing.T) {
	text := "Pay de Limón con granola 🍋 Kellogg’s®"
	imp, err := qdpx.Import(writeArchive(t, map[string]string{
		"project.qde": pdfQDE,
		"Sources/142EB46D-612E-4593-A385-D0E5D04D1288.TXT": text,
		"Sources/3E029F7C-B699-47C2-AE9F-95F481693CAF.PDF": "%PDF-1.4 not read",
	}), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 1 || imp.Docs[0].Doc.Text != text || imp.Docs[0].Doc.Name != "Pay de Limón con Base de Granola | Kellogg's ®.pdf" {
		t.Fatalf("documents: %+v", imp.Docs)
	}
	same(t, "annotations", annKeys(imp.Docs[0].Annotations), []string{`Friedrich Markgraf|waste of time|[{17 24}]|"granola"|note=""`})
	same(t, "warnings", imp.Warnings, []string{"PDF area selections skipped (they select a region of a page, not text): 1"})
}
