import { DateTimeInput, type DateTimeInputProps } from 'react-admin';
import { fromTokyoLocal, toTokyoLocal } from './format';

/**
 * A date and time entered in Asia/Tokyo whatever the browser's zone (every time on screen is
 * Tokyo time, see fields/format.ts), sent to the API as an ISO instant.
 */
export function TokyoDateTimeInput(props: DateTimeInputProps) {
  return <DateTimeInput format={toTokyoLocal} parse={fromTokyoLocal} {...props} />;
}
