package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/delegatezero/dz"
)

// benchCmd is `dz bench`: a load driver that sends sync decisions to a
// running server from concurrent workers for a while, then reports
// throughput, latency percentiles and errors.
type benchCmd struct {
	stdout, stderr io.Writer
}

// benchConfig is what one run of the load driver does.
type benchConfig struct {
	server      string
	key         string
	duration    time.Duration
	concurrency int
}

// Run parses the flags, drives the load and prints the report. It fails
// when not one decision succeeded.
func (c *benchCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dz bench", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	var cfg benchConfig
	fs.StringVar(&cfg.server, "server", "http://127.0.0.1:8080", "server `URL`")
	fs.StringVar(&cfg.key, "key", os.Getenv("DZ_KEY"), "API `key` (default $DZ_KEY)")
	fs.DurationVar(&cfg.duration, "duration", 60*time.Second, "how long to send requests")
	fs.IntVar(&cfg.concurrency, "concurrency", 16, "concurrent workers, each with one request in flight")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case cfg.key == "":
		return dz.Errorf(dz.EINVALID, "--key is required (dz serve --demo prints one)")
	case cfg.duration <= 0:
		return dz.Errorf(dz.EINVALID, "--duration must be positive")
	case cfg.concurrency < 1 || cfg.concurrency > 1024:
		return dz.Errorf(dz.EINVALID, "--concurrency must be from 1 to 1024")
	}
	cfg.server = strings.TrimRight(cfg.server, "/")
	fmt.Fprintf(c.stdout, "dz bench: %s for %s with %d workers\n", cfg.server, cfg.duration, cfg.concurrency)
	res := runBench(ctx, cfg)
	res.print(c.stdout)
	if res.ok == 0 {
		return dz.Errorf(dz.EINVALID, "no decision succeeded: is the server at %s running, and the key right?", cfg.server)
	}
	return nil
}

// runBench runs the workers until the duration has passed or ctx ends and
// merges what they measured.
func runBench(ctx context.Context, cfg benchConfig) *benchResult {
	bodies := benchBodies()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: cfg.concurrency, MaxIdleConnsPerHost: cfg.concurrency, DisableCompression: true}}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	results := make([]*benchResult, cfg.concurrency)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.concurrency {
		results[w] = newBenchResult()
		wg.Go(func() { benchWorker(ctx, client, cfg, bodies, w, results[w]) })
	}
	wg.Wait()
	total := newBenchResult()
	for _, r := range results {
		total.merge(r)
	}
	total.elapsed = time.Since(start)
	return total
}

// benchWorker sends one request at a time until ctx ends. A request cut
// short by the end of the run is not counted.
func benchWorker(ctx context.Context, client *http.Client, cfg benchConfig, bodies [][]byte, w int, res *benchResult) {
	for n := w; ctx.Err() == nil; n++ {
		t0 := time.Now()
		status, err := benchPost(ctx, client, cfg, bodies[n%len(bodies)])
		took := time.Since(t0)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			res.fail("transport: " + err.Error())
		case status != http.StatusCreated:
			res.fail(fmt.Sprintf("HTTP %d", status))
		default:
			res.add(took)
		}
	}
}

// benchPost sends one decision request and reads the whole answer.
func benchPost(ctx context.Context, client *http.Client, cfg benchConfig, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.server+"/api/v1/decisions", bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+cfg.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, fmt.Errorf("read answer: %w", err)
	}
	return resp.StatusCode, nil
}

// benchBodies are benchRequests encoded once.
func benchBodies() [][]byte {
	reqs := benchRequests()
	bodies := make([][]byte, len(reqs))
	for i := range reqs {
		bodies[i], _ = json.Marshal(&reqs[i]) // plain structs always encode
	}
	return bodies
}

// benchRequests are realistic requests about customers of the demo
// workspace (examples/acme-saas): refunds, an SLA credit, a cancellation, a
// billing error and an angry escalation, so every stage does work.
func benchRequests() []dz.Request {
	return []dz.Request{
		{Request: "I am furious. Your outage on October 14 kept our status page green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.", Context: dz.RequestContext{Entity: "brightline", Source: "email"}},
		{Request: "Hi, could I get a refund for the $49 you charged on November 3? We barely used it this month.", Context: dz.RequestContext{Entity: "juniper-yoga"}},
		{Request: "Your API monitors were down for three hours on October 14 and we missed two alerts. What credit do we get under the SLA?", Context: dz.RequestContext{Entity: "cedar-analytics"}},
		{Request: "We want to cancel our subscription at the end of this billing period. Please confirm.", Context: dz.RequestContext{Entity: "mosaic-hr"}},
		{Request: "You charged us twice this month, $290 on November 11 and again the same day. Please fix this.", Context: dz.RequestContext{Entity: "granite-ledger"}},
		{Request: "This is unacceptable. Our vendor-risk team wants a written explanation of the October 14 outage and we are reviewing the contract.", Context: dz.RequestContext{Entity: "vela-insurance", Source: "email"}},
		{Request: "Please refund the $490 annual charge from September 14, we stopped using the product.", Context: dz.RequestContext{Entity: "paperplane-press"}},
	}
}
