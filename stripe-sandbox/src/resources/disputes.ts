import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidState } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Route, RouteContext } from '../core/routes';
import { createBalanceTransaction, startOfDayUtc } from './balanceTransactions';
import { asStored, change, emitEvent, load, mergeMetadata, store } from './shared';
import { type FeeLine, convertAmount, disputeFee, roundToStep, toSettlement } from './fees';
import { ratesNow } from './exchangeRates';

const DAY = 86400;

export interface DisputeSpec {
  reason: string;
  inquiry: boolean;
  networkReasonCode: string;
}

const EVIDENCE_KEYS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = { enhanced_evidence: {} } as Record<string, unknown>;
  for (const key of EVIDENCE_KEYS) evidence[key] = null;
  return evidence as unknown as Stripe.Dispute.Evidence;
}

function getDispute(account: SandboxAccount, id: string): Stripe.Dispute {
  return load<Stripe.Dispute>(account, id, 'dispute');
}

/**
 * Disputes opened from this day on pay the dispute countered fee when countered: "a new dispute counter fee
 * will apply when you counter disputes initiated after June 17, 2025" (support.stripe.com, "June 2025 pricing
 * updates for disputes").
 */
export const COUNTERED_FEE_SINCE = Date.UTC(2025, 5, 17) / 1000;
export const DISPUTE_FEE_DESCRIPTION = 'Dispute fee';
/** `fee_details[].description` of the countered fee: Stripe's wording is not published (a guess, README). */
export const COUNTERED_FEE_DESCRIPTION = 'Dispute countered fee';

/** The countered fee in the settlement currency (USD setting converted at the anchor rate, like the dispute fee). */
function counteredFee(account: SandboxAccount, currency: string): number {
  const usd = account.settings.disputeCounteredFeeUsd;
  return currency === 'usd' ? usd : roundToStep(convertAmount(usd, 'usd', currency), currency);
}

/** Settlement currency of the dispute's withdrawal (its first balance transaction). */
function settledCurrency(dispute: Stripe.Dispute): string {
  const first = dispute.balance_transactions[0];
  return first ? first.currency : dispute.currency;
}

/** Records a countered fee (sign 1) or its return (sign -1) on the dispute, as the setting says. */
function counteredFeeTxn(account: SandboxAccount, dispute: Stripe.Dispute, sign: 1 | -1): Stripe.BalanceTransaction {
  const currency = settledCurrency(dispute);
  const fee = counteredFee(account, currency);
  const chargeId = chargeIdOf(dispute);
  if (account.settings.disputeCounteredFeeCategory === 'fee')
    return createBalanceTransaction(account, {
      amount: -sign * fee,
      currency,
      type: 'stripe_fee',
      reportingCategory: 'fee',
      source: dispute.id,
      description: `${COUNTERED_FEE_DESCRIPTION}${sign < 0 ? ' returned' : ''} for ${chargeId}`,
    });
  const line: FeeLine = { amount: sign * fee, currency, description: COUNTERED_FEE_DESCRIPTION, type: 'stripe_fee' };
  return createBalanceTransaction(account, {
    amount: 0,
    currency,
    feeDetails: [line],
    type: 'adjustment',
    reportingCategory: sign > 0 ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    description: `${COUNTERED_FEE_DESCRIPTION}${sign < 0 ? ' returned' : ''} for ${chargeId}`,
  });
}

/** Whether countering this dispute now costs the countered fee (first submission of a chargeback). */
function chargesCounteredFee(account: SandboxAccount, dispute: Stripe.Dispute): boolean {
  return (
    !isInquiry(dispute) &&
    dispute.balance_transactions.length > 0 &&
    dispute.created >= COUNTERED_FEE_SINCE &&
    dispute.evidence_details.submission_count === 0 &&
    account.settings.disputeCounteredFeeUsd > 0
  );
}

/** Whether the countered fee was charged on this dispute (and so is returned when it is won). */
function paidCounteredFee(dispute: Stripe.Dispute): boolean {
  return dispute.balance_transactions.some((txn) => txn.description?.startsWith(`${COUNTERED_FEE_DESCRIPTION} for`));
}

/** Debits the disputed amount plus the dispute fee (charge.dispute.funds_withdrawn). */
function withdrawFunds(account: SandboxAccount, dispute: Stripe.Dispute, chargeId: string): Stripe.Dispute {
  // At the rate at withdrawal time ("Conversions on disputes and refunds", docs.stripe.com).
  const gross = toSettlement(dispute.amount, dispute.currency, account.settings, ratesNow(account));
  const txn = createBalanceTransaction(account, {
    amount: -gross.amount,
    currency: gross.currency,
    exchangeRate: gross.exchangeRate,
    feeDetails: [
      {
        amount: disputeFee(gross.currency),
        currency: gross.currency,
        description: DISPUTE_FEE_DESCRIPTION,
        type: 'stripe_fee',
      },
    ],
    type: 'adjustment',
    reportingCategory: 'dispute',
    source: dispute.id,
    description: `Chargeback withdrawal for ${chargeId}`,
  });
  const { object } = change<Stripe.Dispute>(account, dispute.id, 'dispute', {
    balance_transactions: [...dispute.balance_transactions, txn],
    is_charge_refundable: false,
  });
  emitEvent(account, 'charge.dispute.funds_withdrawn', object);
  return object;
}

/**
 * Opens the dispute a dispute test card causes, right after its charge succeeds (Stripe does it moments
 * later): an inquiry (`warning_needs_response`, no money moves) or a chargeback (`needs_response`, funds
 * and the dispute fee withdrawn at once).
 */
export function openDispute(account: SandboxAccount, charge: Stripe.Charge, spec: DisputeSpec): Stripe.Dispute {
  const created = account.now();
  const card = charge.payment_method_details?.card;
  const dispute: Stripe.Dispute = {
    id: account.ids.next('dp'),
    object: 'dispute',
    amount: charge.amount_captured,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: startOfDayUtc(created) + 8 * DAY - 1,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: spec.inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: spec.networkReasonCode,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method_details: {
      card: {
        brand: card?.brand ?? 'visa',
        case_type: spec.inquiry ? 'inquiry' : 'chargeback',
        network: card?.network ?? card?.brand ?? 'visa',
        network_reason_code: spec.networkReasonCode,
      },
      type: 'card',
    },
    reason: spec.reason,
    status: spec.inquiry ? 'warning_needs_response' : 'needs_response',
  };
  store(account, dispute);
  change<Stripe.Charge>(account, charge.id, 'charge', { disputed: true });
  emitEvent(account, 'charge.dispute.created', dispute);
  return spec.inquiry ? dispute : withdrawFunds(account, dispute, charge.id);
}

function isInquiry(dispute: Stripe.Dispute): boolean {
  return dispute.payment_method_details?.card?.case_type === 'inquiry';
}

function isClosed(dispute: Stripe.Dispute): boolean {
  return ['won', 'lost', 'warning_closed', 'prevented'].includes(dispute.status);
}

function chargeIdOf(dispute: Stripe.Dispute): string {
  return typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
}

/**
 * A won chargeback: the disputed amount back ("If the dispute is found in your favor, the disputed amount and the
 * dispute countered fee is returned to you", support.stripe.com, "Disputes" topic), the countered fee as its own
 * transaction, and the dispute fee as a negative fee line only where `disputeFeeReturnedOnWin` (not US pricing:
 * "Your existing dispute fee is not changing", "June 2025 pricing updates for disputes").
 */
function reinstate(account: SandboxAccount, dispute: Stripe.Dispute): Stripe.Dispute {
  const chargeId = chargeIdOf(dispute);
  // Reinstated funds convert at the rate at their own time, like the withdrawal did (a guess: Stripe's
  // "Conversions on disputes and refunds" names the current rate for disputes without separating the two).
  const back = toSettlement(dispute.amount, dispute.currency, account.settings, ratesNow(account));
  const feeBack: FeeLine[] = account.settings.disputeFeeReturnedOnWin
    ? [
        {
          amount: -disputeFee(back.currency),
          currency: back.currency,
          description: DISPUTE_FEE_DESCRIPTION,
          type: 'stripe_fee',
        },
      ]
    : [];
  const txns = [
    createBalanceTransaction(account, {
      amount: back.amount,
      currency: back.currency,
      exchangeRate: back.exchangeRate,
      feeDetails: feeBack,
      type: 'adjustment',
      reportingCategory: 'dispute_reversal',
      source: dispute.id,
      description: `Chargeback reversal for ${chargeId}`,
    }),
  ];
  if (paidCounteredFee(dispute)) txns.push(counteredFeeTxn(account, dispute, -1));
  const { object } = change<Stripe.Dispute>(account, dispute.id, 'dispute', {
    balance_transactions: [...dispute.balance_transactions, ...txns],
  });
  emitEvent(account, 'charge.dispute.funds_reinstated', object);
  return object;
}

/** Test-mode outcome of submitted evidence: won (funds reinstated) or lost. */
function resolve(account: SandboxAccount, id: string, won: boolean): Stripe.Dispute {
  let dispute = getDispute(account, id);
  const chargeId = chargeIdOf(dispute);
  if (won && !isInquiry(dispute)) dispute = reinstate(account, dispute);
  // A lost inquiry escalates to a chargeback: the money leaves then.
  if (!won && isInquiry(dispute) && dispute.balance_transactions.length === 0)
    dispute = withdrawFunds(account, dispute, chargeId);
  const status: Stripe.Dispute.Status = won ? (isInquiry(dispute) ? 'warning_closed' : 'won') : 'lost';
  const { object, previous } = change<Stripe.Dispute>(account, id, 'dispute', {
    status,
    is_charge_refundable: false,
  });
  emitEvent(account, 'charge.dispute.closed', object, previous);
  return object;
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  return asStored(getDispute(account, path['id'] ?? ''));
}

function update({ account, params, path }: RouteContext) {
  const id = path['id'] ?? '';
  const dispute = getDispute(account, id);
  const changes: Partial<Stripe.Dispute> = {};
  const metadata = mergeMetadata(dispute.metadata, params);
  if (metadata !== undefined) changes.metadata = metadata;
  const evidenceParams = params.object('evidence');
  let evidence: Stripe.Dispute.Evidence | undefined;
  if (evidenceParams) {
    const next = { ...dispute.evidence } as unknown as Record<string, unknown>;
    for (const key of EVIDENCE_KEYS) {
      const value = evidenceParams.nullableString(key);
      if (value !== undefined) next[key] = value;
    }
    evidenceParams.ignore('enhanced_evidence');
    evidenceParams.done();
    evidence = next as unknown as Stripe.Dispute.Evidence;
    changes.evidence = evidence;
  }
  const submit = params.bool('submit') ?? true;
  params.ignore('intended_submission_method');
  params.done();
  if (isClosed(dispute) && (evidence || submit))
    throw invalidState(`This dispute is already closed (status ${dispute.status}).`, 'dispute_already_closed');
  if (evidence) {
    const hasEvidence = EVIDENCE_KEYS.some((key) => (evidence as unknown as Record<string, unknown>)[key] !== null);
    changes.evidence_details = { ...dispute.evidence_details, has_evidence: hasEvidence };
    if (submit) {
      // Countering costs the countered fee, charged as the evidence goes in ("If you choose to counter the
      // dispute, a dispute countered fee applies", support.stripe.com, "Disputes" topic).
      if (chargesCounteredFee(account, dispute))
        changes.balance_transactions = [...dispute.balance_transactions, counteredFeeTxn(account, dispute, 1)];
      changes.evidence_details.submission_count = dispute.evidence_details.submission_count + 1;
      changes.evidence_details.submission_method = 'manual';
      changes.status = isInquiry(dispute) ? 'warning_under_review' : 'under_review';
    }
  }
  const { object, previous } = change<Stripe.Dispute>(account, id, 'dispute', changes);
  if (Object.keys(previous).length > 0) emitEvent(account, 'charge.dispute.updated', object, previous);
  // Stripe test mode decides a submitted dispute from the text evidence, a few moments later.
  const text = object.evidence.uncategorized_text ?? '';
  if (evidence && submit && text.includes('winning_evidence')) resolve(account, id, true);
  else if (evidence && submit && text.includes('losing_evidence')) resolve(account, id, false);
  return asStored(object);
}

function close({ account, params, path }: RouteContext) {
  params.done();
  const id = path['id'] ?? '';
  const dispute = getDispute(account, id);
  if (isClosed(dispute))
    throw invalidState(`This dispute is already closed (status ${dispute.status}).`, 'dispute_already_closed');
  const status: Stripe.Dispute.Status = isInquiry(dispute) ? 'warning_closed' : 'lost';
  const { object, previous } = change<Stripe.Dispute>(account, id, 'dispute', { status, is_charge_refundable: false });
  emitEvent(account, 'charge.dispute.closed', object, previous);
  return asStored(object);
}

function list({ account, params }: RouteContext) {
  const charge = params.string('charge');
  const paymentIntent = params.string('payment_intent');
  const created = createdFilter(params);
  const items = account
    .list<StripeObject>('dispute')
    .filter(
      (d) =>
        (charge === undefined || d['charge'] === charge) &&
        (paymentIntent === undefined || d['payment_intent'] === paymentIntent) &&
        created(d['created'] as number),
    );
  const page = paginate(items, params, '/v1/disputes');
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'GET', path: '/v1/disputes', handler: list },
  { method: 'GET', path: '/v1/disputes/:id', handler: retrieve },
  { method: 'POST', path: '/v1/disputes/:id', handler: update },
  { method: 'POST', path: '/v1/disputes/:id/close', handler: close },
];
