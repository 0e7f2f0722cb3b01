package engine

import (
	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/compose"
)

// pickPlaybook returns the first playbook (by id) whose intents include the
// top intent and whose condition holds, preferring one that names the intent
// over a catch-all.
func (e *Engine) pickPlaybook(d *decision) *dz.Playbook {
	var generic *dz.Playbook
	for _, pb := range e.playbooks {
		if pb.when != nil {
			ok, err := pb.when.Bool(d.vars)
			if err != nil || !ok {
				continue
			}
		}
		if len(pb.Intents) == 0 {
			if generic == nil {
				generic = pb.Playbook
			}
			continue
		}
		if matchAny(pb.Intents, map[string]bool{d.intent: true}) {
			return pb.Playbook
		}
	}
	return generic
}

// compose writes the reply in the founder's voice for the decided outcome.
func (e *Engine) compose(d *decision, v verdict, pl *plan, pb *dz.Playbook) (compose.Output, error) {
	return compose.Compose(compose.Input{
		Settings: e.ws.Settings, Templates: e.ws.Templates, Entity: d.entity,
		Intent: d.intent, Outcome: v.outcome, Actions: pl.actions, Questions: v.questions,
		Reason: v.reason, Facts: d.facts.values(), Playbook: pb, Instructions: d.req.Instructions,
	})
}
