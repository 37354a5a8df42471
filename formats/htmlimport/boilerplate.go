package htmlimport

import (
	"regexp"
	"strings"
)

// Readability finds the article's container, but news sites put their
// own furniture inside it: "Read more:" links between paragraphs, an
// "ADVERTISEMENT" label, and after the last paragraph a "Related
// articles" heading, a newsletter pitch, a cookie notice, the copyright
// line. Those blocks are dropped here, from the end of the article and,
// for link promos and ad labels, wherever they stand. Each rule matches
// whole short blocks only, so an article paragraph that happens to
// mention a cookie or a newsletter is never cut.

// promo: a link to another article ("Read more: ...").
var promo = regexp.MustCompile(`(?i)^(read (more|also|next)|also read|see also|related( story| article| coverage)?|more on this( story)?|recommended( reading)?|watch|listen)\s*[:|»›>–—-]`)

// adLabel: an ad slot's label.
var adLabel = regexp.MustCompile(`(?i)^(advertisement|advertisements|ad|ads|sponsored( content)?|story continues below( (this )?advertisement)?|article continues below( (this )?advertisement)?|continue reading( below)?( the main story)?|scroll to continue( with content)?)$`)

// tailHeading: the heading of a list of other articles.
var tailHeading = regexp.MustCompile(`(?i)^(related|related (articles|stories|posts|coverage|content|news|reading|topics)|more (stories|news|articles|from [^.]{1,40}|on [^.]{1,40})|read (more|next)|recommended( for you| stories| articles)?|you (may|might) (also )?(like|be interested in)|most (read|popular|viewed|shared)|trending( now| stories)?|top stories|latest( news| stories)?|editor'?s picks|popular (now|stories)|in other news|what to read next|further reading|topics|tags)\s*:?$`)

// tailLine: furniture that follows the article.
var tailLine = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(©|\(c\)|copyright\b)`),
	regexp.MustCompile(`(?i)all rights reserved\.?$`),
	regexp.MustCompile(`(?i)^(sign up|subscribe|get (our|the) [^.]{0,40}newsletter|join our newsletter)\b`),
	regexp.MustCompile(`(?i)\bnewsletter\b.*\b(inbox|sign up|subscribe)\b|\b(sign up|subscribe)\b.*\bnewsletter\b`),
	regexp.MustCompile(`(?i)\bcookies?\b.*\b(use|accept|consent|agree|settings|preferences)\b|\b(use|accept|consent to|agree to)\b.*\bcookies?\b`),
	regexp.MustCompile(`(?i)^(follow us|share (this|on)|share$|comments?$|leave a (reply|comment)|join the conversation|tags?:|topics?:|filed under)\b`),
	regexp.MustCompile(`(?i)^(click here|tap here)\b`),
}

const (
	maxFurniture = 300 // a furniture block is at most this many characters
	maxHeadline  = 200 // a block after a tail heading longer than this is article text
)

func isTail(b string) bool {
	if len([]rune(b)) > maxFurniture {
		return false
	}
	for _, re := range tailLine {
		if re.MatchString(b) {
			return true
		}
	}
	return adLabel.MatchString(b) || promo.MatchString(b) || tailHeading.MatchString(b)
}

// dropBoilerplate returns the article blocks without site furniture.
func dropBoilerplate(blocks []string) []string {
	var out []string
	for _, b := range blocks {
		if len([]rune(b)) <= maxFurniture && (promo.MatchString(b) || adLabel.MatchString(b)) {
			continue
		}
		out = append(out, b)
	}
	// A tail heading followed only by headline-sized blocks is a list of
	// other articles: cut from it to the end. It needs article text
	// before it, so a page that is only a list is left alone.
	for i := 2; i < len(out); i++ {
		if len([]rune(out[i])) > 80 || !tailHeading.MatchString(out[i]) {
			continue
		}
		short := true
		for _, b := range out[i+1:] {
			short = short && len([]rune(b)) <= maxHeadline
		}
		if short {
			out = out[:i]
			break
		}
	}
	for len(out) > 1 && isTail(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return out
}

// splitBlocks and joinBlocks work on Extract's normalised text, whose
// blocks are separated by exactly one blank line.
func splitBlocks(txt string) []string { return strings.Split(txt, "\n\n") }

func joinBlocks(blocks []string) string { return strings.Join(blocks, "\n\n") }
