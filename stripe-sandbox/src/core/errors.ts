/** Stripe's error object (https://docs.stripe.com/api/errors) and its HTTP status. */
export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'rate_limit_error'
  | 'authentication_error';

export class StripeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: StripeErrorType,
    message: string,
    readonly extra: {
      code?: string;
      param?: string;
      decline_code?: string;
      charge?: string;
      payment_intent?: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  /** The JSON body Stripe answers with: `{ "error": { … } }`. */
  toJSON(): { error: Record<string, unknown> } {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

/** 400 invalid_request_error naming the parameter. */
export function invalidParam(param: string, message: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { code, param });
}

export function missingParam(param: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, {
    code: 'parameter_missing',
    param,
  });
}

export function unknownParam(param: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, {
    code: 'parameter_unknown',
    param,
  });
}

/** 404 resource_missing, worded as Stripe words it. */
export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, {
    code: 'resource_missing',
    param,
  });
}

/** A request that is valid in shape but not allowed in the object's state. */
export function invalidState(message: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, code ? { code } : {});
}

export function cardDeclined(
  message: string,
  declineCode: string,
  extra: { charge?: string; payment_intent?: unknown } = {},
): StripeApiError {
  return new StripeApiError(402, 'card_error', message, { code: 'card_declined', decline_code: declineCode, ...extra });
}
