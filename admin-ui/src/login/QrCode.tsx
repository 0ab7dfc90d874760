import { useEffect, useState } from 'react';
import { Box, CircularProgress } from '@mui/material';
import { unwrapDefault } from '../interop';

type ToDataUrl = (text: string, options: { errorCorrectionLevel: 'M'; margin: number; width: number }) => Promise<string>;

/** A QR code drawn in the browser (qrcode, loaded only when an enrolment shows one): the secret never leaves the page. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode').then((m) => unwrapDefault<{ toDataURL: ToDataUrl }>(m).toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 220 }))
      .then((url) => { if (live) setSrc(url); });
    return () => { live = false; };
  }, [text]);
  return (
    <Box sx={{ width: 220, height: 220, display: 'flex', alignItems: 'center', justifyContent: 'center', alignSelf: 'center' }}>
      {src ? <img src={src} width={220} height={220} alt={label} data-testid="mfa-qr" /> : <CircularProgress size={32} />}
    </Box>
  );
}
