package workspace

import (
	"runtime"
	"sync"
)

// parseFiles parses files concurrently, one collector per file, and merges
// the results and problems in file order, so the outcome is the same as a
// sequential parse. Large workspaces keep 100,000 precedents in a hundred
// files; parsing them on every core cuts the load time.
func parseFiles[T any](l *loader, files []file, parse func(c *collector, f file) []T) []T {
	results := make([][]T, len(files))
	collectors := make([]collector, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = parse(&collectors[i], files[i])
			}
		}()
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	var out []T
	for i := range files {
		out = append(out, results[i]...)
		l.c.list = append(l.c.list, collectors[i].list...)
		l.c.refs = append(l.c.refs, collectors[i].refs...)
	}
	return out
}
