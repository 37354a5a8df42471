package labelcolor

import (
	"testing"

	"github.com/margin-app/margin/assets"
)

// TestPickKeepsNewLabelsApart: a dozen labels added one by one to the
// default schema each get a colour at least MinDistance (OKLab) from every
// colour before it and from the unknown-label grey.
func TestPickKeepsNewLabelsApart(t *testing.T) {
	sc, err := assets.DefaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	var used []string
	for _, l := range sc.Labels {
		used = append(used, l.Color)
	}
	for i := 0; i < 12; i++ {
		c := Pick(used)
		if d := Nearest(c, append(used, Unknown)); d < MinDistance {
			t.Fatalf("label %d got %s, %.3f from the nearest used colour (%v); want at least %.2f", i+1, c, d, used, MinDistance)
		}
		used = append(used, c)
	}
}

// TestHexRoundTrip: a colour read and written back is the same string,
// and what is not #rrggbb is refused.
func TestHexRoundTrip(t *testing.T) {
	for _, s := range []string{"#e4572e", "#000000", "#ffffff", "#17bebb"} {
		c, ok := ParseHex(s)
		if !ok || c.Hex() != s {
			t.Errorf("%s read as %+v, written %s", s, c, c.Hex())
		}
	}
	for _, s := range []string{"", "#fff", "e4572", "#gg0000"} {
		if _, ok := ParseHex(s); ok {
			t.Errorf("%q read as a colour", s)
		}
	}
}
