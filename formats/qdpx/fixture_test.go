package qdpx_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// writeArchive zips files (name -> content) into a .qdpx in a temp dir.
func writeArchive(t testing.TB, files map[string]string) string {
	t.Helper()
	return writeArchiveAt(t, filepath.Join(t.TempDir(), "project.qdpx"), files)
}

// writeArchiveAt zips files into the .qdpx p.
func writeArchiveAt(t testing.TB, p string, files map[string]string) string {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// atlasText has a curly apostrophe, a precomposed and a combining accent,
// a skin-tone ZWJ emoji (4 code points, 7 UTF-16 units), a flag (2 code
// points, 4 units) and a Windows line break, so positions counted in
// anything but code points land elsewhere.
const atlasText = "Mabel\u2019s breakfast: caf\u00e9 and cre\u0300me \U0001F469\U0001F3FD\u200d\U0001F4BB codes \U0001F1FA\U0001F1E6.\r\nSecond line: Coke."

// atlasQDE is shaped as ATLAS.ti writes project.qde: the REFI-QDA 1.5
// spec's Annex A.2 (ATLAS.ti 8.4.0 for macOS: upper-case GUIDs, a
// "Sources" folder whose file names are upper case while plainTextPath
// says ".txt", quotation comments as the selection's Description, memos
// linked to quotations by a "Memo-Quotation Relation" Link) with the
// nested codes ATLAS.ti 23.2 writes (target-atlas-project.qdpx), and the
// Variables/Cases of the 1.5 schema. The positions are literal code-point
// offsets into atlasText.
const atlasQDE = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="ATLAS.ti 8.4.0 573 , macOS Version 10.14.3 (Build 18D109)" creatingUserGUID="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="ATLAS.ti standard project" xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd">
    <Users>
        <User guid="C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B" name="ATLAS.ti"/>
        <User guid="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="Friedrich Markgraf"/>
        <User guid="A5DE7584-8296-418B-A322-136F77ADF87B" name="Sebastian Petrausch"/>
    </Users>
    <CodeBook>
        <Codes>
            <Code color="#966450" isCodable="true" name="Coke" guid="7496BA52-9C8D-4396-8FAB-CC438614E453">
                <Description>the breakfast of champions</Description>
                <Code color="#966450" isCodable="true" name="diet Coke" guid="D299EFAE-5779-46DC-9827-A3D1A5D544BC">
                    <Description>non sucré</Description>
                </Code>
            </Code>
            <Code color="#F00082" isCodable="true" name="Feelings" guid="0F8A1907-7E42-4739-8610-A676B4D1B69F"/>
            <Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Topics" isCodable="false">
                <Code color="#3c3" isCodable="true" name="diet Coke" guid="{0dcef2f5-e55c-49da-8c33-9b0803c7aeb4}"/>
            </Code>
        </Codes>
    </CodeBook>
    <Variables>
        <Variable guid="11111111-2222-4333-8444-555555555555" name="age" typeOfVariable="Integer"/>
        <Variable guid="11111111-2222-4333-8444-666666666666" name="interviewed" typeOfVariable="Date"/>
    </Variables>
    <Cases>
        <Case guid="22222222-2222-4333-8444-555555555555" name="Mabel">
            <VariableValue><VariableRef targetGUID="11111111-2222-4333-8444-555555555555"/><IntegerValue>25</IntegerValue></VariableValue>
            <SourceRef targetGUID="EC0A7242-65E1-457C-B7D1-310DAE603FAB"/>
        </Case>
    </Cases>
    <Sources>
        <TextSource plainTextPath="internal://B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T18:01:07Z" guid="EC0A7242-65E1-457C-B7D1-310DAE603FAB" name="Mabel.txt">
            <Description>interview, first session</Description>
            <PlainTextSelection startPosition="19" endPosition="23" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T19:29:27Z" guid="4191294A-E287-4510-95B0-69BCE4638E56" name="café">
                <Description>Mabel is not the only person I know who has Coke for breakfast!</Description>
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" creationDateTime="2018-03-27T19:29:27Z" guid="445A6AEC-1400-4502-919D-0867832FF211">
                    <CodeRef targetGUID="D299EFAE-5779-46DC-9827-A3D1A5D544BC"/>
                </Coding>
                <Coding creatingUser="A5DE7584-8296-418B-A322-136F77ADF87B" creationDateTime="2018-03-27T19:30:00Z" guid="2284BF5B-8F78-45B6-A6EF-A128D991408B">
                    <CodeRef targetGUID="0F8A1907-7E42-4739-8610-A676B4D1B69F"/>
                </Coding>
            </PlainTextSelection>
            <PlainTextSelection startPosition="28" endPosition="34" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="B49D7982-BB8E-4335-80AF-DC869CCC3F45" name="crème">
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="89B9918E-4209-4FE0-BEA0-0C7FF56D67A4">
                    <CodeRef targetGUID="{0DCEF2F5-E55C-49DA-8C33-9B0803C7AEB4}"/>
                </Coding>
            </PlainTextSelection>
            <PlainTextSelection startPosition="35" endPosition="39" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="2F24EA88-C6A7-482B-8F89-893EF66D7A21" name="Quotation 1:3">
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="4B8DD4A4-0C50-42D0-91F4-9E95AFBFC7F0">
                    <CodeRef targetGUID="0F8A1907-7E42-4739-8610-A676B4D1B69F"/>
                </Coding>
            </PlainTextSelection>
            <PlainTextSelection startPosition="46" endPosition="48" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="63E009F1-5C33-4568-B65D-53A7E28BDBC1" name="Quotation 1:4">
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="9AD860A5-3D53-4BDE-B5EE-A8FC613C1652">
                    <CodeRef targetGUID="7496BA52-9C8D-4396-8FAB-CC438614E453"/>
                </Coding>
            </PlainTextSelection>
            <PlainTextSelection startPosition="64" endPosition="68" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="789A62D6-A2AD-4B59-AB90-EF1D4AB1868F" name="Coke">
                <Coding creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" guid="61C727FB-E8CD-442D-B34E-D20F6B843407">
                    <CodeRef targetGUID="7496BA52-9C8D-4396-8FAB-CC438614E453"/>
                </Coding>
            </PlainTextSelection>
            <VariableValue><VariableRef targetGUID="11111111-2222-4333-8444-666666666666"/><DateValue>2018-03-27</DateValue></VariableValue>
        </TextSource>
        <PictureSource path="internal://87EAD86F-3112-4537-8A01-01427CAE1C6D.jpg" guid="02255470-09E6-400B-9E20-97D71FBEC65D" name="cornflakes-n-milk.jpg"/>
    </Sources>
    <Notes>
        <Note creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="My favorite Coke ad" guid="E41BE463-FDF3-4ED0-B668-119C53D8D687">
            <PlainTextContent>This version is much better than the new Director’s cut</PlainTextContent>
        </Note>
        <Note name="Research Plan" guid="CE15250D-46AD-42C2-B90F-A509B8D64EC8">
            <PlainTextContent>day to day log</PlainTextContent>
        </Note>
    </Notes>
    <Links>
        <Link direction="OneWay" color="#000000" originGUID="E41BE463-FDF3-4ED0-B668-119C53D8D687" name="Memo-Quotation Relation" targetGUID="789A62D6-A2AD-4B59-AB90-EF1D4AB1868F" guid="7B56978E-9D9F-4D47-B4EC-436E2F6B8BE5"/>
        <Link direction="OneWay" originGUID="2F24EA88-C6A7-482B-8F89-893EF66D7A21" name="is about" targetGUID="63E009F1-5C33-4568-B65D-53A7E28BDBC1" guid="8ABE4D93-8982-48B9-92D3-DCA815EDF520"/>
    </Links>
</Project>
`

// atlasFiles is the archive of atlasQDE: the text under the upper-case
// name the spec's listing shows.
func atlasFiles() map[string]string {
	return map[string]string{
		"project.qde": atlasQDE,
		"Sources/B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.TXT": atlasText,
	}
}

// layered is an imported document as an exporter receives it.
func layered(d model.DocumentImport) formats.Layered {
	doc := &model.Document{Name: d.Doc.Name, Text: d.Doc.Text, Meta: d.Doc.Meta, SHA256: model.TextSHA256(d.Doc.Text)}
	return formats.Layered{Doc: doc, Annotations: d.Annotations, Relations: d.Relations, DocLabels: d.DocLabels}
}
