package doccano

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// strip drops the generated ids so the two parsers' results compare.
func strip(di model.DocumentImport) model.DocumentImport {
	for i := range di.Annotations {
		di.Annotations[i].ID = ""
	}
	return di
}

var fastCases = []string{
	`{"text":"Kyiv “agreed” 👍🏽 停火","label":[[0,4,"GPE"],[5,13,"X"]]}`,
	`{"name":"a","id":7,"text":"hello world","label":[[6,11,"W"],"pos"]}` + "\n",
	` { "text" : "a\nb \u00e9 \"q\"" , "label" : [ [ 0 , 1 , "L" ] ] } `,
	`{"text":"abc","label":null}`,
	`{"text":"abc","label":[]}`,
	`{"text":"abc"}`,
	// Refused or handed to parseLine: both must agree on the outcome.
	`{"text":"abc","label":[[0,4,"L"]]}`,
	`{"text":"abc","label":[[1,1,"L"]]}`,
	`{"text":"abc","label":[[0,1," "]]}`,
	`{"text":"abc","label":[[0.0,1,"L"]]}`,
	`{"text":"abc","label":[[01,2,"L"]]}`,
	`{"text":"abc","label":[[0,1,"L"]],"label":[]}`,
	`{"text":"abc","meta":{"k":1},"label":[[0,1,"L"]]}`,
	`{"text":"abc","label":[[0,1,"L"]]} {}`,
	`{"text":"abc","label":[[0,1,"L"],]}`,
	`{"text":"","label":[]}`,
	`{"text":"a\u0000b"}`,
	`{"text":"abc","id":"x"}`,
	`{"text":"abc","label":[[0,1,"L\u00e9"]]}`,
	`{"text":"ab	c"}`,
	`[1]`,
	`{"text":"abc","label":[[-1,1,"L"]]}`,
	`{"text":"abc","label":[[0,99999999999999999999,"L"]]}`,
}

// TestFastLineAgreesWithParseLine: the fast path accepts only what
// parseLine accepts, with the same result.
func TestFastLineAgreesWithParseLine(t *testing.T) {
	for _, line := range fastCases {
		slow, err := parseLine([]byte(line), "ana", fieldsOf(formats.ImportOptions{}))
		fast, ok := fastLine([]byte(line), "ana", map[string]string{})
		if ok && err != nil {
			t.Errorf("%s: fast path accepted what parseLine refuses (%v)", line, err)
			continue
		}
		if ok && !reflect.DeepEqual(strip(fast), strip(slow)) {
			t.Errorf("%s:\nfast %+v\nslow %+v", line, strip(fast), strip(slow))
		}
	}
	// The shape our exporter and the benchmark corpus write takes the fast path.
	for _, line := range fastCases[:6] {
		if _, ok := fastLine([]byte(line), "ana", map[string]string{}); !ok {
			t.Errorf("%s: not on the fast path", line)
		}
	}
}

func FuzzFastLine(f *testing.F) {
	for _, c := range fastCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 1<<14 || !utf8.ValidString(line) {
			return // outside what the fast path is compared on
		}
		fast, ok := fastLine([]byte(line), "ana", map[string]string{})
		if !ok {
			return
		}
		slow, err := parseLine([]byte(line), "ana", fieldsOf(formats.ImportOptions{}))
		if err != nil {
			t.Fatalf("fast path accepted what parseLine refuses (%v)", err)
		}
		if !reflect.DeepEqual(strip(fast), strip(slow)) {
			t.Fatalf("fast %+v\nslow %+v", strip(fast), strip(slow))
		}
	})
}
