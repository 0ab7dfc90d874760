import LockIcon from '@mui/icons-material/Lock';
import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { fieldName } from '../../export/columns';
import { RefField } from '../../fields/RefField';
import { operationLabel } from '../../fields/trailLabels';

/** The fields read in clear and masked, as chips (clear ones stand out: they are what 【10】 is about). */
export function FieldChips({ clear, masked }: { clear: readonly string[]; masked: readonly string[] }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }} data-field="clearFieldsRead maskedFieldsRead">
      {clear.map((f) => (
        <Chip key={`c-${f}`} size="small" color="warning" variant="outlined" label={fieldName(f, translate)} />
      ))}
      {masked.map((f) => (
        <Chip
          key={`m-${f}`}
          size="small"
          variant="outlined"
          icon={<LockIcon />}
          sx={{ color: 'text.secondary' }}
          label={fieldName(f, translate)}
        />
      ))}
    </Stack>
  );
}

/** The GraphQL operation in words (`allCustomers` → 顧客の一覧); the name itself on hover. */
export function OperationField(_props: { source?: string; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const operation = record?.operation as string | undefined;
  return operation ? <span title={operation} data-operation={operation}>{operationLabel(operation, translate)}</span> : null;
}
OperationField.selects = () => ['operation'];

/** Who acted: a staff account by name (an API key has no staff id). */
export function StaffNameField({ source = 'staffId' }: { source?: string; label?: string }) {
  return <RefField source={source} reference="Staff" optionText="name" link={false} />;
}

/**
 * Trail tables: short columns on one line (Japanese wraps between any two characters, so a narrow
 * column would stack 役割 one character a line); the long texts wrap and share the rest of the width.
 */
const WRAPPING = ['purpose', 'changes', 'reason', 'detail', 'fieldsRead'];
export const trailTableSx = {
  '& .MuiTableCell-root': { whiteSpace: 'nowrap' },
  [WRAPPING.map((c) => `& .column-${c}`).join(', ')]: { whiteSpace: 'normal', minWidth: 140 },
} as const;
