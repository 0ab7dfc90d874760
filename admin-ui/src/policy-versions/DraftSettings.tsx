import {
  Box, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, Stack, TextField, Typography,
} from '@mui/material';
import { type PolicyDocument, PURPOSE_KEYS, type PurposeKey, ROLE_KEYS, type RoleKey } from '../../../schema/policy';
import { usePolicyWords } from './labels';
import { type ProblemMap, problemsUnder } from './problems';

interface RolesProps {
  doc: PolicyDocument;
  editable: boolean;
  problems: ProblemMap;
  onToggle(role: RoleKey, purpose: PurposeKey, on: boolean): void;
}

/** Purposes per role as checkboxes; a problem the server found in a role (e.g. a contractor given a purpose its agreement lacks) is written at the purpose. */
export function RolePurposes({ doc, editable, problems, onToggle }: RolesProps) {
  const W = usePolicyWords();
  return (
    <Stack spacing={2}>
      {ROLE_KEYS.filter((r) => doc.roles[r]).map((role) => {
        const r = doc.roles[role];
        // A purpose's own problem is written at its checkbox; the rest of the role's under the role.
        const roleProblems = Object.entries(problems)
          .filter(([p]) => (p === `roles.${role}` || p.startsWith(`roles.${role}.`)) && !p.startsWith(`roles.${role}.purposes.`)).map(([, m]) => m);
        return (
          <FormControl key={role} component="fieldset" error={problemsUnder(problems, `roles.${role}`).length > 0} data-testid={`role-${role}`}>
            <FormLabel component="legend">{r[W.lang]}{r.contractor && W.lang === 'ja' ? `(${W.contractor})` : ''}</FormLabel>
            <FormGroup row>
              {PURPOSE_KEYS.map((purpose) => {
                const problem = problems[`roles.${role}.purposes.${purpose}`];
                return (
                  <Box key={purpose} sx={{ width: 240 }}>
                    <FormControlLabel
                      control={<Checkbox size="small" checked={r.purposes.includes(purpose)} disabled={!editable}
                        onChange={(e) => onToggle(role, purpose, e.target.checked)}
                        slotProps={{ input: { 'aria-invalid': problem ? true : undefined } as object }}
                        data-testid={`purpose-${role}-${purpose}`} />}
                      label={<Typography sx={{ fontSize: 12 }}>{doc.purposes[purpose]?.[W.lang] ?? purpose}</Typography>}
                    />
                    {problem && <FormHelperText error data-testid={`problem-roles.${role}.purposes.${purpose}`}>{problem}</FormHelperText>}
                  </Box>
                );
              })}
            </FormGroup>
            {roleProblems.filter((m, i, all) => all.indexOf(m) === i).map((m) => (
              <FormHelperText key={m} error data-testid={`problem-roles.${role}`}>{m}</FormHelperText>
            ))}
          </FormControl>
        );
      })}
    </Stack>
  );
}

type StatisticsKey = keyof PolicyDocument['statistics'];
const STATISTICS_KEYS: StatisticsKey[] = ['minGroupSize', 'dominancePercent', 'maxGroupSize'];

interface StatisticsProps {
  doc: PolicyDocument;
  editable: boolean;
  problems: ProblemMap;
  onChange(key: StatisticsKey, value: number): void;
}

/** The statistics settings as number inputs; an empty input is sent as it is (the server refuses it, naming the setting). */
export function StatisticsSettings({ doc, editable, problems, onChange }: StatisticsProps) {
  const W = usePolicyWords();
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ pt: 1 }}>
      {STATISTICS_KEYS.map((key) => {
        const problem = problems[`statistics.${key}`];
        return (
          <TextField key={key} type="number" name={`statistics.${key}`} label={W[key]} value={Number.isFinite(doc.statistics[key]) ? doc.statistics[key] : ''}
            disabled={!editable} error={!!problem} helperText={problem ?? ' '}
            onChange={(e) => onChange(key, e.target.value === '' ? Number.NaN : Number(e.target.value))}
            slotProps={{ formHelperText: { 'data-testid': `problem-statistics.${key}` } as object }} />
        );
      })}
    </Stack>
  );
}
