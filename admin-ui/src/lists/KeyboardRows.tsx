import { forwardRef, type KeyboardEvent } from 'react';
import { DataTableBody, DataTableRow } from 'react-admin';

type RowProps = React.ComponentProps<typeof DataTableRow>;
type BodyProps = React.ComponentProps<typeof DataTableBody>;

/** Enter (or Space) on a focused row opens it, as a click does. */
function openOnKey(event: KeyboardEvent<HTMLTableRowElement>): void {
  if ((event.key === 'Enter' || event.key === ' ') && event.target === event.currentTarget) {
    event.preventDefault();
    event.currentTarget.click();
  }
}

/** A row reachable by Tab and opened by Enter: the table is usable without a mouse (#21). */
const KeyboardRow = forwardRef<HTMLTableRowElement, RowProps>((props, ref) => (
  <DataTableRow ref={ref} {...props} {...({ tabIndex: 0, onKeyDown: openOnKey } as object)} />
));
KeyboardRow.displayName = 'KeyboardRow';

export const KeyboardBody = forwardRef<HTMLTableSectionElement, BodyProps>((props, ref) => <DataTableBody ref={ref} {...props} row={KeyboardRow} />);
KeyboardBody.displayName = 'KeyboardBody';

/** The focused row is marked as plainly as a hovered one. */
export const keyboardRowSx = { '& tbody tr:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } } as const;
