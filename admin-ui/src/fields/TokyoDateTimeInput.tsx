import { DateTimeInput, type DateTimeInputProps } from 'react-admin';

/** Japan has one offset all year (no summer time). */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2026-11-25T01:30:00.000Z` → `2026-11-25T10:30` (the datetime-local input's value, in Tokyo time). */
export function toTokyoLocal(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? '' : new Date(date.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 16);
}

/** `2026-11-25T10:30` typed in Tokyo time → `2026-11-25T01:30:00.000Z`. */
export function fromTokyoLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(`${value}:00+09:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * A date and time entered in Asia/Tokyo whatever the browser's zone (every time on screen is
 * Tokyo time, see fields/format.ts), sent to the API as an ISO instant.
 */
export function TokyoDateTimeInput(props: DateTimeInputProps) {
  return <DateTimeInput format={toTokyoLocal} parse={fromTokyoLocal} {...props} />;
}
