package http

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/delegatezero/dz"
)

// metrics are the server's Prometheus series, in a registry of its own so
// that several servers in one process (tests) never collide.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	decisions *prometheus.HistogramVec
	errors    *prometheus.CounterVec
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dz_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "dz_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{"route"}),
		decisions: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "dz_decision_duration_seconds", Help: "Time from a decision request's arrival to its durable record, by outcome and mode (async: from the request to the worker's record, queueing included).",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 18),
		}, []string{"outcome", "mode"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dz_errors_total", Help: "Problem responses by stable error code (internal: a bug or an outage).",
		}, []string{"code"}),
	}
	reg.MustRegister(m.requests, m.latency, m.decisions, m.errors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

type startCtx struct{}

// instrument counts and times every request by the pattern that served it.
func (m *metrics) instrument(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r = r.WithContext(context.WithValue(r.Context(), startCtx{}, start))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" { // answered before routing, e.g. rate limited
			_, route = mux.Handler(r)
		}
		if route == "/" || route == "" {
			route = "other"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (sw *statusWriter) WriteHeader(code int) {
	sw.status = code
	sw.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (sw *statusWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }

// observedStore is the server's store with decision latency recorded at
// the moment a decision becomes durable.
type observedStore struct {
	dz.Store
	m *metrics
}

// CreateDecision stores through and observes a newly completed decision.
func (o observedStore) CreateDecision(ctx context.Context, rec *dz.DecisionRecord, jobs []dz.Job) (*dz.DecisionRecord, bool, error) {
	stored, created, err := o.Store.CreateDecision(ctx, rec, jobs)
	if start, ok := ctx.Value(startCtx{}).(time.Time); ok && err == nil && created && stored.Status == dz.StatusComplete {
		o.m.decisions.WithLabelValues(string(stored.Decision.Decision), "sync").Observe(time.Since(start).Seconds())
	}
	return stored, created, err
}

// UpdateDecision stores through and observes an async decision completing,
// from the time its request was recorded.
func (o observedStore) UpdateDecision(ctx context.Context, rec *dz.DecisionRecord, jobs []dz.Job) error {
	err := o.Store.UpdateDecision(ctx, rec, jobs)
	if err == nil && rec.Status == dz.StatusComplete && !rec.CreatedAt.IsZero() {
		o.m.decisions.WithLabelValues(string(rec.Decision.Decision), "async").Observe(max(time.Since(rec.CreatedAt).Seconds(), 0))
	}
	return err
}

// queueDepth is the dz_job_queue_depth gauge: jobs not yet done, by kind,
// read from the store when Prometheus scrapes, so every server on one
// database reports the same queue.
type queueDepth struct {
	store dz.Store
	desc  *prometheus.Desc
}

func newQueueDepth(store dz.Store) *queueDepth {
	return &queueDepth{store: store, desc: prometheus.NewDesc("dz_job_queue_depth",
		"Outbound jobs not yet done (webhook deliveries, async decisions), by kind.", []string{"kind"}, nil)}
}

// Describe implements prometheus.Collector.
func (q *queueDepth) Describe(ch chan<- *prometheus.Desc) { ch <- q.desc }

// Collect implements prometheus.Collector; a store that does not answer in
// 2 s leaves the gauge out of this scrape rather than stalling it.
func (q *queueDepth) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := q.store.JobCounts(ctx)
	if err != nil {
		return
	}
	for _, kind := range []string{"decide", "webhook"} {
		if _, ok := counts[kind]; !ok {
			counts[kind] = 0
		}
	}
	for kind, n := range counts {
		ch <- prometheus.MustNewConstMetric(q.desc, prometheus.GaugeValue, float64(n), kind)
	}
}
