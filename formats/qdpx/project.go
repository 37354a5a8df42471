package qdpx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// project is everything of project.qde but its sources, read in a first
// pass: the sources come before the notes and links they refer to, so
// they are streamed in a second pass with all of this at hand.
type project struct {
	name, origin, basePath string
	users                  map[string]string // user GUID -> layer name
	codes                  map[string]string // code GUID -> label name
	labels                 []model.Label
	variables              map[string]xVariable      // GUID -> definition
	notes                  map[string]string         // note GUID -> text
	used                   map[string]bool           // note GUIDs attached to something imported
	linked                 map[string][]string       // selection GUID -> GUIDs of notes linked to it
	links                  []xLink                   // links that may become relations
	cases                  map[string]map[string]any // case name -> variables
	caseOf                 map[string][]string       // source GUID -> case names
	sourceVars             map[string]map[string]any // source GUID -> variables kept in an unnamed case
	warn                   *formats.Counter
}

// readProject runs the first pass over project.qde.
func readProject(a *archive, warn *formats.Counter) (*project, error) {
	rc, err := a.openQDE()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	p := &project{users: map[string]string{}, codes: map[string]string{}, variables: map[string]xVariable{},
		notes: map[string]string{}, used: map[string]bool{}, linked: map[string][]string{},
		cases: map[string]map[string]any{}, caseOf: map[string][]string{}, sourceVars: map[string]map[string]any{}, warn: warn}
	dec := xml.NewDecoder(rc)
	root, err := rootElement(dec)
	if err != nil {
		return nil, a.errAt(dec, err)
	}
	for _, at := range root.Attr {
		switch at.Name.Local {
		case "name":
			p.name = at.Value
		case "origin":
			p.origin = at.Value
		case "basePath":
			p.basePath = at.Value
		}
	}
	var (
		users  xUsers
		book   xCodeBook
		vars   xVariables
		cases  xCases
		notes  xNotes
		links  xLinks
		target any
	)
	for {
		se, err := nextChild(dec)
		if err != nil {
			return nil, a.errAt(dec, err)
		}
		if se == nil {
			break
		}
		switch se.Name.Local {
		case "Users":
			target = &users
		case "CodeBook":
			target = &book
		case "Variables":
			target = &vars
		case "Cases":
			target = &cases
		case "Notes":
			target = &notes
		case "Links":
			target = &links
		case "Sources":
			target = nil
		default: // Sets, Graphs, the project's Description and NoteRefs
			warn.Add(fmt.Sprintf("<%s> of the project not imported (Margin has no place for it)", se.Name.Local), 1)
			target = nil
		}
		if target == nil {
			err = dec.Skip()
		} else {
			err = dec.DecodeElement(target, se)
		}
		if err != nil {
			return nil, a.errAt(dec, fmt.Errorf("<%s>: %w", se.Name.Local, err))
		}
	}
	if err := p.readNotes(a, notes.Notes); err != nil {
		return nil, err
	}
	p.readLinks(links.Links)
	p.readUsers(users.Users)
	if err := p.readCodes(book.Codes.Codes, ""); err != nil {
		return nil, fmt.Errorf("import qdpx %s: %w", a.path, err)
	}
	for _, v := range vars.Variables {
		p.variables[normGUID(v.GUID)] = v
	}
	if err := p.readCases(cases.Cases); err != nil {
		return nil, fmt.Errorf("import qdpx %s: %w", a.path, err)
	}
	return p, nil
}

// readNotes keeps every note's text (its content or file, else its name
// and description) for the sources, selections and codes that refer to it.
func (p *project) readNotes(a *archive, notes []xTextSource) error {
	for _, n := range notes {
		text := ""
		switch {
		case n.Content != nil:
			text = *n.Content
		case n.PlainTextPath != "":
			var err error
			if text, err = a.readText(n.PlainTextPath, p.basePath); err != nil {
				return fmt.Errorf("import qdpx %s: note %q: %w", a.path, n.Name, err)
			}
		}
		if strings.TrimSpace(text) == "" {
			text = strings.TrimSpace(n.Name + "\n" + n.Description)
		}
		p.notes[normGUID(n.GUID)] = strings.TrimSpace(text)
	}
	return nil
}

// readLinks sorts links: one end a note (ATLAS.ti's "Memo-Quotation
// Relation", NVivo's annotations) attaches the note to the other end;
// the rest may become relations between selections.
func (p *project) readLinks(links []xLink) {
	for _, l := range links {
		o, t := normGUID(l.Origin), normGUID(l.Target)
		switch {
		case p.notes[o] != "":
			p.linked[t] = append(p.linked[t], o)
		case p.notes[t] != "":
			p.linked[o] = append(p.linked[o], t)
		default:
			p.links = append(p.links, l)
		}
	}
}

// rootElement reads up to the root element and checks it is a Project.
func rootElement(dec *xml.Decoder) (*xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("no root element")
			}
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "Project" {
				return nil, fmt.Errorf("root element <%s>, want <Project> (a REFI-QDA project; a .qdc codebook is not a project)", se.Name.Local)
			}
			return &se, nil
		}
	}
}

// nextChild returns the next child element of the current element, or nil
// at its end.
func nextChild(dec *xml.Decoder) (*xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("unexpected end of file")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return &t, nil
		case xml.EndElement:
			return nil, nil
		}
	}
}

// errAt prefixes err with the archive, project.qde and the decoder's line.
func (a *archive) errAt(dec *xml.Decoder, err error) error {
	line, _ := dec.InputPos()
	return fmt.Errorf("import qdpx %s: %s:%d: %w", a.path, a.qde.Name, line, err)
}

// readUsers names a layer for every user: the user's name, made unique
// when two users share one.
func (p *project) readUsers(us []xUser) {
	taken := map[string]bool{}
	for _, u := range us {
		name := strings.TrimSpace(u.Name)
		if name == "" {
			name = strings.TrimSpace(u.ID)
		}
		if name == "" {
			name = normGUID(u.GUID)
		}
		if taken[name] {
			name = fmt.Sprintf("%s (%s)", name, normGUID(u.GUID)[:8])
		}
		taken[name] = true
		p.users[normGUID(u.GUID)] = name
	}
}

// user returns the layer of the first known user GUID among guids, or
// opts' default. A GUID the Users list lacks is kept as the layer name:
// a made-up name would merge colleagues' work.
func (p *project) user(opts formats.ImportOptions, guids ...string) string {
	for _, g := range guids {
		if g == "" {
			continue
		}
		if n, ok := p.users[normGUID(g)]; ok {
			return n
		}
		return normGUID(g)
	}
	return formats.AnnotatorOr("", opts)
}

// readCodes turns the code tree into labels, depth first, so a parent
// comes before its children. A code keeps its name; when another code
// already has it, the name gets its parent's in ATLAS.ti's "Parent::child"
// manner, then a number.
func (p *project) readCodes(codes []xCode, parent string) error {
	taken := map[string]bool{}
	for _, l := range p.labels {
		taken[l.Name] = true
	}
	for _, c := range codes {
		g := normGUID(c.GUID)
		if _, dup := p.codes[g]; dup {
			return fmt.Errorf("code GUID %s is used by two codes", c.GUID)
		}
		name := strings.TrimSpace(c.Name)
		if name == "" {
			return fmt.Errorf("code %s has no name", c.GUID)
		}
		if taken[name] && parent != "" {
			name = parent + "::" + name
		}
		for i := 2; taken[name]; i++ {
			name = fmt.Sprintf("%s (%d)", strings.TrimSpace(c.Name), i)
		}
		if name != strings.TrimSpace(c.Name) {
			p.warn.Add(fmt.Sprintf("code %q renamed %q (another code has its name)", c.Name, name), 1)
		}
		taken[name] = true
		p.codes[g] = name
		if strings.EqualFold(strings.TrimSpace(c.IsCodable), "false") || strings.TrimSpace(c.IsCodable) == "0" {
			// A folder of codes; Margin labels are all codable.
			p.warn.Add("code folders (isCodable false) imported as ordinary labels", 1)
		}
		desc := strings.TrimSpace(c.Description)
		for _, r := range c.NoteRefs {
			if n := p.noteText(r.Target); n != "" {
				desc = strings.TrimSpace(desc + "\n\n" + n)
			}
		}
		p.labels = append(p.labels, model.Label{Name: name, Color: rgb(c.Color), Description: desc, Parent: parent})
		if err := p.readCodes(c.Codes, name); err != nil {
			return err
		}
	}
	return nil
}

// noteText returns a note's text and marks it imported.
func (p *project) noteText(g string) string {
	g = normGUID(g)
	if t, ok := p.notes[g]; ok {
		p.used[g] = true
		return t
	}
	return ""
}

// rgb returns a schema colour (#rrggbb) for a code colour: the schema's
// RGBType also allows #rgb, which is expanded; anything else is dropped
// (the label then gets a generated colour).
func rgb(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 4 && c[0] == '#' && isHex(c[1:]) {
		return strings.ToLower(string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]}))
	}
	if len(c) == 7 && c[0] == '#' && isHex(c[1:]) {
		return strings.ToLower(c)
	}
	return ""
}

func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}
