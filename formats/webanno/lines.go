package webanno

import "bytes"

// splitLines splits data into lines the way Java's BufferedReader.readLine
// (which INCEpTION reads with) does: at LF, CR or CR LF. A final line
// terminator does not start another line.
func splitLines(data []byte) []string {
	var out []string
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			out = append(out, string(data))
			break
		}
		out = append(out, string(data[:i]))
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return out
}
