package brat

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/margin-app/margin/model"
)

// encodedNote ends the "# Margin: free-text attribute" comment when the
// attribute's values are percent-encoded, in the .ann and in the conf
// alike.
const encodedNote = "(values percent-encoded)"

// encodeValue makes an attribute value one token that brat's conf can list
// and its .ann keeps: brat's projectconfig.py splits "Value:a|b" on ','
// and '|', needs every argument to match ^(\S*?):(\S*)$ and reads <...>
// as a macro, and Margin's .ann reader splits on whitespace (brat's
// annotation.py would keep spaces in the value, but not its conf). Those
// characters, control characters and '%' itself become %XX (UTF-8 bytes,
// as in URLs), so "Russia, Belarus | others" is written
// "Russia%2C%20Belarus%20%7C%20others" in both files and decodes back
// exactly. A value that needs none is unchanged, so an attribute written
// only with such values has no '%' and is listed as brat expects.
func encodeValue(v string) string {
	var b strings.Builder
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(",|<>%", r) {
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// decodeValue reverses encodeValue.
func decodeValue(v string) (string, error) {
	return url.PathUnescape(v)
}

// decodeAttributes decodes, in the annotations parsed from file, the
// values of the attributes the conf declares percent-encoded.
func decodeAttributes(anns []model.Annotation, encoded map[string]bool, file string) error {
	if len(encoded) == 0 {
		return nil
	}
	for i := range anns {
		for name, v := range anns[i].Attributes {
			s, ok := v.(string)
			if !ok || !encoded[name] {
				continue
			}
			d, err := decodeValue(s)
			if err != nil {
				return fmt.Errorf("%s: attribute %s of %s: value %q is not percent-encoded as annotation.conf declares: %w", file, name, anns[i].ID, s, err)
			}
			anns[i].Attributes[name] = d
		}
	}
	return nil
}
