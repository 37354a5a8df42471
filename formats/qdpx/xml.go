package qdpx

// The elements of project.qde that Margin reads and writes, after the
// REFI-QDA 1.5 schema Project-mrt2019.xsd. Field order is the schema's
// xsd:sequence order, because encoding/xml writes fields in struct order
// and the schema rejects elements out of sequence. Tags carry no
// namespace, so decoding accepts any version of urn:QDA-XML:project and
// encoding inherits the default namespace of the root element.

// Namespace is the REFI-QDA project namespace of the 1.0 schema.
const Namespace = "urn:QDA-XML:project:1.0"

type xUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

type xUsers struct {
	Users []xUser `xml:"User"`
}

type xRef struct {
	Target string `xml:"targetGUID,attr"`
}

type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   string  `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description string  `xml:"Description,omitempty"`
	NoteRefs    []xRef  `xml:"NoteRef"`
	Codes       []xCode `xml:"Code"`
}

type xCodeBook struct {
	Codes struct {
		Codes []xCode `xml:"Code"`
	} `xml:"Codes"`
}

type xVariable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

type xVariables struct {
	Variables []xVariable `xml:"Variable"`
}

// xValue is a VariableValue: one of the typed value elements.
type xValue struct {
	Ref      xRef    `xml:"VariableRef"`
	Text     *string `xml:"TextValue"`
	Boolean  *string `xml:"BooleanValue"`
	Integer  *string `xml:"IntegerValue"`
	Float    *string `xml:"FloatValue"`
	Date     *string `xml:"DateValue"`
	DateTime *string `xml:"DateTimeValue"`
}

type xCase struct {
	GUID          string   `xml:"guid,attr"`
	Name          string   `xml:"name,attr,omitempty"`
	Description   string   `xml:"Description,omitempty"`
	CodeRefs      []xRef   `xml:"CodeRef"`
	Values        []xValue `xml:"VariableValue"`
	SourceRefs    []xRef   `xml:"SourceRef"`
	SelectionRefs []xRef   `xml:"SelectionRef"`
}

type xCases struct {
	Cases []xCase `xml:"Case"`
}

type xCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          xRef   `xml:"CodeRef"`
	NoteRefs         []xRef `xml:"NoteRef"`
}

type xSelection struct {
	GUID             string    `xml:"guid,attr"`
	Name             string    `xml:"name,attr,omitempty"`
	Start            string    `xml:"startPosition,attr"`
	End              string    `xml:"endPosition,attr"`
	CreatingUser     string    `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string    `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string    `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string    `xml:"modifiedDateTime,attr,omitempty"`
	Description      string    `xml:"Description,omitempty"`
	Codings          []xCoding `xml:"Coding"`
	NoteRefs         []xRef    `xml:"NoteRef"`
}

// xTextSource is a TextSource, and also a Note (the schema gives notes
// the text source type).
type xTextSource struct {
	GUID             string       `xml:"guid,attr"`
	Name             string       `xml:"name,attr,omitempty"`
	RichTextPath     string       `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string       `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string       `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string       `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string       `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string       `xml:"modifiedDateTime,attr,omitempty"`
	Description      string       `xml:"Description,omitempty"`
	Content          *string      `xml:"PlainTextContent"`
	Selections       []xSelection `xml:"PlainTextSelection"`
	Codings          []xCoding    `xml:"Coding"`
	NoteRefs         []xRef       `xml:"NoteRef"`
	Values           []xValue     `xml:"VariableValue"`
}

// xPDFSource is a PDFSource: Margin reads its plain text Representation.
type xPDFSource struct {
	GUID           string       `xml:"guid,attr"`
	Name           string       `xml:"name,attr"`
	Description    string       `xml:"Description"`
	Areas          []struct{}   `xml:"PDFSelection"`
	Representation *xTextSource `xml:"Representation"`
	Codings        []xCoding    `xml:"Coding"`
	NoteRefs       []xRef       `xml:"NoteRef"`
	Values         []xValue     `xml:"VariableValue"`
}

type xNotes struct {
	Notes []xTextSource `xml:"Note"`
}

type xLink struct {
	GUID      string `xml:"guid,attr"`
	Name      string `xml:"name,attr,omitempty"`
	Direction string `xml:"direction,attr,omitempty"`
	Color     string `xml:"color,attr,omitempty"`
	Origin    string `xml:"originGUID,attr,omitempty"`
	Target    string `xml:"targetGUID,attr,omitempty"`
	NoteRefs  []xRef `xml:"NoteRef"`
}

type xLinks struct {
	Links []xLink `xml:"Link"`
}
