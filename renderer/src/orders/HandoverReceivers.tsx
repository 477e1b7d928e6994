import type { KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { HANDOVER_NOTE_MAX } from '../../../shared/domain/serviceOrder.js';
import { HandoverDistribution } from '../../../shared/domain/shiftHandover.js';
import type { HandoverReceiver } from './handoverChoices.js';

/**
 * The receivers' side of the shift handover (ShiftHandoverDialog) and of the board's reassignment
 * (desk/TeamReassignDialog): the branch's agents who may take the orders, each with the open orders
 * they hold now (a supervisor marked), how to share them out (with two or more receivers), and the
 * text that goes with every order (the handover note, or the reassignment's reason) with its
 * counter. `testIdPrefix` names the dialog's elements (`<prefix>-receiver`, `<prefix>-distribution-<option>`).
 */
export function HandoverReceivers({
  testIdPrefix,
  legend,
  receivers,
  toAgentIds,
  distribution,
  onToggleReceiver,
  onDistribution,
  firstReceiver,
}: {
  testIdPrefix: string;
  legend: string;
  receivers: readonly HandoverReceiver[];
  toAgentIds: readonly string[];
  distribution: HandoverDistribution;
  onToggleReceiver(agentId: string): void;
  onDistribution(distribution: HandoverDistribution): void;
  /** The first receiver's box, for the dialog that starts there. */
  firstReceiver?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset className="handover-receivers">
        <legend className="field-label">{legend}</legend>
        {receivers.length === 0 ? <p className="muted">{t('shiftHandover.noReceivers')}</p> : null}
        {receivers.map(({ agent, openOrders }, index) => (
          <label key={agent.id} className="handover-check">
            <input
              ref={index === 0 ? firstReceiver : undefined}
              type="checkbox"
              data-testid={`${testIdPrefix}-receiver`}
              data-login={agent.login}
              checked={toAgentIds.includes(agent.id)}
              onChange={() => onToggleReceiver(agent.id)}
            />
            <span>{t(agent.role === 'supervisor' ? 'shiftHandover.supervisorLoad' : 'shiftHandover.receiverLoad', { name: agent.displayName, login: agent.login, count: openOrders })}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="handover-distribution" disabled={toAgentIds.length < 2}>
        <legend className="field-label">{t('shiftHandover.distribution')}</legend>
        {HandoverDistribution.options.map((option) => (
          <label key={option} className="handover-check">
            <input type="radio" name={`${testIdPrefix}-distribution`} data-testid={`${testIdPrefix}-distribution-${option}`} checked={distribution === option} onChange={() => onDistribution(option)} />
            <span>{t(`shiftHandover.${option}`)}</span>
          </label>
        ))}
      </fieldset>
    </>
  );
}

/** The note or reason that goes with every order, with its counter (over HANDOVER_NOTE_MAX: marked). */
export function HandoverText({
  id,
  testId,
  label,
  placeholder,
  value,
  required = false,
  onChange,
}: {
  id: string;
  testId: string;
  label: string;
  placeholder: string;
  value: string;
  required?: boolean;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const length = value.trim().length;
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea id={id} data-testid={testId} rows={3} required={required} value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
      <span className={length > HANDOVER_NOTE_MAX ? 'handover-counter over' : 'handover-counter muted'}>{t('shiftHandover.counter', { length, max: HANDOVER_NOTE_MAX })}</span>
    </>
  );
}

/** ↑↓ between a dialog's order checkboxes (those with `testId`; Home/End: first, last); Space ticks, Tab leaves them. */
export function moveBetweenOrderChecks(testId: string) {
  return (event: KeyboardEvent<HTMLElement>): void => {
    const boxes = [...event.currentTarget.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
    const at = boxes.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: boxes.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    boxes[Math.min(Math.max(next, 0), boxes.length - 1)]?.focus();
  };
}
