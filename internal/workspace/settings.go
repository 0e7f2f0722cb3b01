package workspace

import (
	"regexp"
	"time"
	_ "time/tzdata" // timezone names validate on machines without a zoneinfo database

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// settingsKeys are the keys dz.yaml accepts.
var settingsKeys = []string{
	"name", "founder", "assistant", "currency", "timezone", "clock", "tone", "attribution", "format",
	"refund_window_days", "sla", "mrr_bands", "risk", "draft_floor", "confidence_weights",
	"half_life_days", "staleness_days", "intents", "profiles", "audit",
}

// DefaultHalfLifeDays is the freshness half-life per context type when
// dz.yaml does not set one.
var DefaultHalfLifeDays = map[dz.ContextType]float64{
	dz.TypeEntity: 180, dz.TypePolicy: 730, dz.TypePrecedent: 365,
	dz.TypePlaybook: 730, dz.TypeTemplate: 1095, dz.TypeSource: 180,
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// settings reads dz.yaml and applies defaults for what it omits.
func (l *loader) settings() dz.Settings {
	s := defaultSettings()
	f, ok := l.read("dz.yaml")
	if !ok {
		return s
	}
	return parseSettings(l.c, f.name, f.src)
}

// parseSettings reads the settings in src, reporting problems against file.
func parseSettings(c *collector, file string, src []byte) dz.Settings {
	s := defaultSettings()
	r, body := parseYAML(c, file, src)
	if body == nil {
		return s
	}
	r.fields(body, "dz.yaml", settingsKeys, func(key string, v ast.Node) { r.setting(&s, key, v) })
	r.require(body, "dz.yaml", "name")
	return s
}

// setting reads one top-level key of dz.yaml into s.
func (r *reader) setting(s *dz.Settings, key string, v ast.Node) {
	switch key {
	case "name":
		s.Name = r.str(v, key)
	case "founder":
		s.Founder = r.str(v, key)
	case "assistant":
		s.Assistant = r.str(v, key)
	case "currency":
		s.Currency = r.str(v, key)
		if !currencyCode.MatchString(s.Currency) {
			r.c.add(r.pos(r.resolve(v)), "use a three-letter ISO 4217 code such as USD or EUR", "currency %q is not a currency code", s.Currency)
		}
	case "timezone":
		s.Timezone = r.str(v, key)
		if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" {
			r.c.add(r.pos(r.resolve(v)), "use an IANA time zone name such as UTC or Europe/Berlin", "timezone %q is not known", s.Timezone)
		}
	case "clock":
		s.Clock = r.date(v, key)
	case "tone":
		s.Tone = r.str(v, key)
		r.checkEnum(v, key, s.Tone, dz.Tones)
	case "attribution":
		s.Attribution = r.str(v, key)
		r.checkEnum(v, key, s.Attribution, dz.Attributions)
	case "format":
		s.Format = r.str(v, key)
		r.checkEnum(v, key, s.Format, dz.Formats)
	case "refund_window_days":
		s.RefundWindowDays = r.whole(v, key, 0, 3650)
	case "staleness_days":
		s.StalenessDays = r.whole(v, key, 1, 36500)
	case "draft_floor":
		s.DraftFloor = r.ranged(v, key, 0, 1)
	default:
		r.settingPart(s, key, v)
	}
}

// settingPart reads the structured keys of dz.yaml.
func (r *reader) settingPart(s *dz.Settings, key string, v ast.Node) {
	switch key {
	case "sla":
		s.SLA = r.sla(v)
	case "mrr_bands":
		s.MRRBands = r.mrrBands(v)
	case "risk":
		if levels := r.riskLevels(v); len(levels) > 0 {
			s.Risk = levels
		}
	case "confidence_weights":
		s.Confidence = r.weights(v)
	case "half_life_days":
		r.halfLives(v, s.HalfLifeDays)
	case "intents":
		s.Intents = r.intentDefs(v)
	case "profiles":
		s.Profiles = r.profiles(v)
	case "audit":
		s.Audit = r.auditSettings(v)
	}
}

// defaultSettings are the settings of a dz.yaml that sets nothing.
func defaultSettings() dz.Settings {
	hl := make(map[dz.ContextType]float64, len(DefaultHalfLifeDays))
	for k, v := range DefaultHalfLifeDays {
		hl[k] = v
	}
	return dz.Settings{
		Assistant: "DelegateZero", Currency: "USD", Timezone: "UTC",
		Tone: "neutral", Attribution: "user", Format: "text",
		RefundWindowDays: 30, DraftFloor: 0.5, StalenessDays: 365,
		SLA:          dz.SLATerms{TargetPercent: 99.9, Period: "month"},
		Risk:         []dz.RiskLevel{{Name: "normal", Threshold: 0.8}},
		HalfLifeDays: hl,
	}
}
