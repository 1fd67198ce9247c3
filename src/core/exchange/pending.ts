/**
 * An exchange in flight, as both editions' direct transports run it: the handler the runtime tells, which
 * resumes the attempt once with the outcome the edition builds (an `Effect` of its major). One object per
 * attempt; nothing here imports Effect.
 *
 * @internal
 */
import type { Phase } from "../failure.js"
import { answerOf, type AttemptFailure, type AttemptResponse, timedOut } from "./attempt.js"
import type { Direct, DirectHandler, DirectHeaders, DirectRequest } from "./direct.js"

const ignoreOutcome = () => {}

/**
 * How an edition turns an attempt's ending into its own outcome value: module-level functions, so that an
 * attempt allocates nothing for them.
 *
 * @internal
 */
export interface Outcomes<Outcome> {
  readonly succeed: (response: AttemptResponse) => Outcome
  readonly fail: (failure: AttemptFailure) => Outcome
}

/** @internal */
export class Pending<Ctx, Outcome> implements DirectHandler {
  private resume: (outcome: Outcome) => void = ignoreOutcome
  private exchange: { cancel(): void } | undefined

  constructor(private readonly outcomes: Outcomes<Outcome>) {}

  start(direct: Direct<Ctx>, request: DirectRequest, context: Ctx, resume: (outcome: Outcome) => void): void {
    this.resume = resume
    this.exchange = direct(request, this, context)
  }

  /** Cancels the exchange (when the attempt is interrupted): the handler then hears nothing more. */
  cancel(): void {
    const exchange = this.exchange
    this.exchange = undefined
    this.resume = ignoreOutcome
    exchange?.cancel()
  }

  onResponse(status: number, headers: DirectHeaders, text: string): void {
    this.settle(this.outcomes.succeed(answerOf(status, headers, text)))
  }

  onFailure(phase: Phase, cause: unknown): void {
    this.settle(this.outcomes.fail({ _tag: "Failed", phase, reason: "Transport", cause }))
  }

  onTimeout(): void {
    this.settle(this.outcomes.fail(timedOut))
  }

  /** Resumes the attempt, first dropping the exchange and the fiber's callback: nothing is left to cancel. */
  private settle(outcome: Outcome): void {
    const resume = this.resume
    this.resume = ignoreOutcome
    this.exchange = undefined
    resume(outcome)
  }
}
