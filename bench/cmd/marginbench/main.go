// Command marginbench imports a doccano JSONL file into a new project
// through Margin's real import path and exports it back, printing the
// timings as JSON (see bench/run.sh, `make bench`).
//
//	go run ./bench/cmd/marginbench [-corpus FILE] [-cpuprofile FILE]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/margin-app/margin/bench"
	"github.com/margin-app/margin/internal/gctune"
)

func main() {
	corpus := flag.String("corpus", "", "doccano JSONL (default: generate the 1M-span corpus into a temp dir)")
	cpu := flag.String("cpuprofile", "", "write a CPU profile of the import and export here")
	flag.Parse()
	gctune.Batch() // as `margin import` and `margin export` do
	dir, err := os.MkdirTemp("", "marginbench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	if *corpus == "" {
		if *corpus, err = bench.CorpusFile(dir); err != nil {
			fail(err)
		}
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	res, err := bench.ImportExport(context.Background(), *corpus, dir)
	if err != nil {
		fail(err)
	}
	json.NewEncoder(os.Stdout).Encode(res)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "marginbench:", err)
	os.Exit(1)
}
