import { Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { Fragment, useMemo } from 'react';
import {
  type Access, CATEGORY_KEYS, type CategoryKey, compilePolicy, type PolicyDocument, PURPOSE_KEYS, type PurposeKey, ROLE_KEYS, type RoleKey,
} from '../../../schema/policy';
import { ACCESS_COLOURS, ACCESS_LETTER, NEXT_ACCESS, type PolicyWords, usePolicyWords } from './labels';
import type { ProblemMap } from './problems';

interface Props {
  doc: PolicyDocument;
  /** The version in force, to mark what the draft changes (null: nothing to compare with). */
  published: PolicyDocument | null;
  editable: boolean;
  problems: ProblemMap;
  onChange(purpose: PurposeKey, category: CategoryKey, access: Access): void;
}

/** A role's purposes in PURPOSE_KEYS order (a stored document comes back in jsonb's key order). */
export const purposesOf = (doc: PolicyDocument, role: RoleKey): PurposeKey[] =>
  PURPOSE_KEYS.filter((p) => doc.roles[role]?.purposes.includes(p));

/**
 * The draft's matrix as a grid: rows role × purpose, columns the categories in CATEGORY_KEYS order. A cell is
 * the purpose's setting (matrix.<purpose>.<category>, one value for every role holding the purpose); where the
 * role's overrides (only, clearBecomesMasked, a ceiling) make the answer stricter, the answer is written too,
 * as compilePolicy — the server's own decision function — computes it.
 */
export function MatrixGrid({ doc, published, editable, problems, onChange }: Props) {
  const W = usePolicyWords();
  const compiled = useMemo(() => compilePolicy(doc), [doc]);
  const before = useMemo(() => (published ? compilePolicy(published) : null), [published]);
  const roles = ROLE_KEYS.filter((r) => doc.roles[r]);
  return (
    <TableContainer sx={{ maxHeight: '70vh' }} tabIndex={0} role="region" aria-label={W.tabMatrix}>
      <Table size="small" stickyHeader aria-label={W.tabMatrix} sx={{ '& td, & th': { px: 0.5 } }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ minWidth: 96 }}>{W.role}</TableCell>
            <TableCell sx={{ minWidth: 120 }}>{W.purpose}</TableCell>
            {CATEGORY_KEYS.map((c) => (
              <TableCell key={c} align="center" sx={{ fontSize: 11, minWidth: 40, lineHeight: 1.2 }}>{doc.categories[c]?.[W.lang] ?? c}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {roles.map((role) => {
            const purposes = purposesOf(doc, role);
            const roleCell = (
              <TableCell rowSpan={Math.max(purposes.length, 1)} sx={{ verticalAlign: 'top', fontSize: 12 }}>
                {doc.roles[role][W.lang]}
                <Overrides doc={doc} role={role} W={W} />
              </TableCell>
            );
            if (purposes.length === 0) {
              return (
                <TableRow key={role}>
                  {roleCell}
                  <TableCell colSpan={CATEGORY_KEYS.length + 1} sx={{ color: 'text.secondary', fontSize: 12 }}>{W.noPurpose}</TableCell>
                </TableRow>
              );
            }
            return (
              <Fragment key={role}>
                {purposes.map((purpose, i) => (
                  <TableRow key={purpose} data-testid={`matrix-row-${role}-${purpose}`}>
                    {i === 0 && roleCell}
                    <TableCell sx={{ fontSize: 11, maxWidth: 160 }}>{doc.purposes[purpose]?.[W.lang] ?? purpose}</TableCell>
                    {CATEGORY_KEYS.map((category) => {
                      const setting = doc.matrix[purpose]?.[category] ?? 'HIDDEN';
                      const answer = compiled.decideAccess(role, purpose, category);
                      const changed = !!published && (published.matrix[purpose]?.[category] !== setting
                        || before?.decideAccess(role, purpose, category) !== answer);
                      return (
                        <Cell key={category} role={role} purpose={purpose} category={category} doc={doc} setting={setting} answer={answer}
                          changed={changed} editable={editable} W={W} problem={problems[`matrix.${purpose}.${category}`]}
                          onNext={() => onChange(purpose, category, NEXT_ACCESS[setting])} />
                      );
                    })}
                  </TableRow>
                ))}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

interface CellProps {
  role: RoleKey; purpose: PurposeKey; category: CategoryKey; doc: PolicyDocument;
  setting: Access; answer: Access; changed: boolean; editable: boolean; W: PolicyWords; problem?: string; onNext(): void;
}

function Cell({ role, purpose, category, doc, setting, answer, changed, editable, W, problem, onNext }: CellProps) {
  const name = `${doc.roles[role][W.lang]} / ${doc.purposes[purpose]?.[W.lang] ?? purpose} / ${doc.categories[category]?.[W.lang] ?? category}`;
  const stricter = answer !== setting ? `(${W.effective}${W.access[answer]})` : '';
  const sep = W.lang === 'ja' ? '・' : '; ';
  const label = `${name}: ${W.access[setting]}${stricter}${changed ? `${sep}${W.changedCell}` : ''}${problem ? `${sep}${problem}` : ''}`;
  const colours = ACCESS_COLOURS[answer];
  return (
    <TableCell align="center" sx={{ p: 0, bgcolor: colours.bg, outline: problem ? '3px solid #c62828' : changed ? '3px solid #1565c0' : 'none', outlineOffset: -3 }}
      data-testid={`cell-${role}-${purpose}-${category}`} data-setting={setting} data-answer={answer} data-changed={changed ? 'true' : 'false'}>
      <Box component={editable ? 'button' : 'span'} type={editable ? 'button' : undefined} onClick={editable ? onNext : undefined}
        aria-label={label} title={label}
        sx={{
          all: 'unset', display: 'block', width: '100%', py: 0.5, cursor: editable ? 'pointer' : 'default', color: colours.fg,
          fontWeight: changed ? 700 : 400, fontSize: 13, textAlign: 'center',
          '&:focus-visible': { outline: '2px solid #000', outlineOffset: -2 },
        }}>
        {ACCESS_LETTER[setting]}
        {answer !== setting && <Typography component="span" sx={{ fontSize: 10 }}>→{ACCESS_LETTER[answer]}</Typography>}
      </Box>
    </TableCell>
  );
}

/** The role's overrides, written under its name: what makes its answers stricter than its purposes' settings. */
function Overrides({ doc, role, W }: { doc: PolicyDocument; role: RoleKey; W: PolicyWords }) {
  const r = doc.roles[role];
  const lines = [
    r.contractor ? W.contractor : null,
    r.only ? `${W.only}: ${CATEGORY_KEYS.filter((c) => r.only?.includes(c)).map((c) => doc.categories[c]?.[W.lang] ?? c).join(W.lang === 'ja' ? '・' : ', ')}` : null,
    r.clearBecomesMasked ? W.clearBecomesMasked : null,
  ].filter((l): l is string => !!l);
  return (
    <Box data-testid={`overrides-${role}`} sx={{ fontSize: 10, color: 'text.secondary', maxWidth: 140 }}>
      {lines.map((l) => <div key={l}>{l}</div>)}
    </Box>
  );
}
