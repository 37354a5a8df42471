package qdpx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Document metadata keys a qdpx import fills and a qdpx export reads.
const (
	metaDescription = "description" // the source's Description
	metaNotes       = "notes"       // texts of the notes attached to the source
	metaVariables   = "variables"   // source variables: name -> value
	metaCases       = "cases"       // case name -> that case's variables
)

// value turns a VariableValue into a JSON value: text, dates and
// date-times as strings, booleans, integers and decimals as numbers.
func (p *project) value(v xValue) (name string, val any, err error) {
	def, ok := p.variables[normGUID(v.Ref.Target)]
	if !ok {
		return "", nil, fmt.Errorf("VariableValue refers to variable %s, which <Variables> does not define", v.Ref.Target)
	}
	name = def.Name
	switch {
	case v.Text != nil:
		return name, *v.Text, nil
	case v.Date != nil:
		return name, strings.TrimSpace(*v.Date), nil
	case v.DateTime != nil:
		return name, strings.TrimSpace(*v.DateTime), nil
	case v.Boolean != nil:
		b, err := strconv.ParseBool(strings.TrimSpace(*v.Boolean))
		if err != nil {
			return "", nil, fmt.Errorf("variable %q: BooleanValue %q is not a boolean", name, *v.Boolean)
		}
		return name, b, nil
	case v.Integer != nil:
		n, err := strconv.ParseInt(strings.TrimSpace(*v.Integer), 10, 64)
		if err != nil {
			return "", nil, fmt.Errorf("variable %q: IntegerValue %q is not an integer", name, *v.Integer)
		}
		return name, n, nil
	case v.Float != nil:
		f, err := strconv.ParseFloat(strings.TrimSpace(*v.Float), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", nil, fmt.Errorf("variable %q: FloatValue %q is not a decimal", name, *v.Float)
		}
		return name, f, nil
	}
	return name, nil, nil // the schema allows a value element to be absent
}

// values reads a list of VariableValues into a map, or nil when empty.
func (p *project) values(vs []xValue) (map[string]any, error) {
	if len(vs) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	for _, v := range vs {
		name, val, err := p.value(v)
		if err != nil {
			return nil, err
		}
		out[name] = val
	}
	return out, nil
}

// readCases records, for every source a case names, the case and its
// variables: Margin has no cases, so they land in the documents' metadata.
// Reading cases is the last step of the first pass, as they come before
// the sources.
func (p *project) readCases(cs []xCase) error {
	for _, c := range cs {
		name := strings.TrimSpace(c.Name)
		vars, err := p.values(c.Values)
		if err != nil {
			return fmt.Errorf("case %q: %w", c.GUID, err)
		}
		if name == "" && len(c.SourceRefs) == 1 && len(c.SelectionRefs) == 0 {
			// MAXQDA and Quirkos keep a source's own variables in an
			// unnamed case of that one source (QualCoder's refi.py reads
			// them so too).
			g := normGUID(c.SourceRefs[0].Target)
			if p.sourceVars[g] == nil {
				p.sourceVars[g] = map[string]any{}
			}
			for k, v := range vars {
				p.sourceVars[g][k] = v
			}
			continue
		}
		if name == "" {
			name = normGUID(c.GUID)
		}
		if len(c.SourceRefs) == 0 {
			p.warn.Add("cases without a source not imported (Margin keeps cases in document metadata)", 1)
		}
		if vars == nil {
			vars = map[string]any{}
		}
		p.cases[name] = vars
		for _, r := range c.SourceRefs {
			g := normGUID(r.Target)
			p.caseOf[g] = append(p.caseOf[g], name)
		}
		if len(c.SelectionRefs) > 0 {
			p.warn.Add("case members that are text selections, not whole sources, not imported", len(c.SelectionRefs))
		}
	}
	return nil
}

// varType is the schema's typeOfVariable for a JSON metadata value, "" for
// values a variable cannot hold (objects, lists, null).
func varType(v any) string {
	switch x := v.(type) {
	case string:
		return "Text"
	case bool:
		return "Boolean"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return "Integer"
		}
		return "Float"
	}
	return ""
}

// valueXML is the VariableValue for v of type typ.
func valueXML(ref string, typ string, v any) xValue {
	out := xValue{Ref: xRef{Target: ref}}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	case float64:
		if typ == "Integer" {
			s = strconv.FormatInt(int64(x), 10)
		} else {
			s = strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	switch typ {
	case "Text":
		out.Text = &s
	case "Boolean":
		out.Boolean = &s
	case "Integer":
		out.Integer = &s
	case "Float":
		out.Float = &s
	}
	return out
}
