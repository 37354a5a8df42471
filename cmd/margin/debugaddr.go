package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // the profiles served on MARGIN_DEBUG_ADDR
	"os"
)

// serveDebug serves net/http/pprof on $MARGIN_DEBUG_ADDR (e.g.
// 127.0.0.1:6061) while the window is open, so that a benchmark
// (bench/gui.py) can count the process's goroutines, which /proc does not
// show. Only a loopback address is accepted: the profiles show the
// project's text.
func serveDebug() {
	addr := os.Getenv("MARGIN_DEBUG_ADDR")
	if addr == "" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(os.Stderr, "margin: MARGIN_DEBUG_ADDR %q is not a loopback address (host:port): not serving it\n", addr)
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "margin: MARGIN_DEBUG_ADDR:", err)
		return
	}
	go http.Serve(ln, nil)
}
