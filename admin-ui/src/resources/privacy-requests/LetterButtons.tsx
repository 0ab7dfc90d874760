import { Stack } from '@mui/material';
import { Button, useRecordContext, useTranslate } from 'react-admin';
import { openHtmlReport } from '../../export/openHtmlReport';
import { formatDateTime } from '../../fields/format';
import { LETTER_TITLES, letterHtml, lettersFor, letterText, type RequestForLetter } from './letters';

/** One button per letter that fits the request now, each opening the letter ready to print. */
export function LetterButtons() {
  const record = useRecordContext<RequestForLetter & { id: string }>();
  const translate = useTranslate();
  if (!record) return null;
  const kindLabel = translate(`mamori.enums.privacyRequestKind.${record.kind}`, { _: record.kind });
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} data-testid="letters">
      {lettersFor(record).map((kind) => (
        <Button key={kind} variant="outlined" label={LETTER_TITLES[kind]}
          onClick={() => void openHtmlReport(async () => letterHtml(letterText(kind, record, kindLabel), formatDateTime(new Date(), false)))} />
      ))}
    </Stack>
  );
}
