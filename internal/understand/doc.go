// Package understand reads a customer's message without any language model:
// it classifies the request's intents (refund, sla_credit, cancellation,
// complaint, data_loss, billing_error, other, and workspace-defined ones) and
// extracts the facts the engine reasons on (amounts, dates, durations, ids,
// e-mail addresses, outage and data-loss claims, churn threats, anger).
//
// It works on tokens with a hand-written lexicon, tolerates one-letter typos
// in longer keywords, discounts quoted e-mail, signatures and agent replies,
// honours negation ("not asking for a refund"), and treats context data (a
// ticket thread) as weaker evidence than the request itself. The same input
// always gives the same Result.
package understand
