import { Alert, Box, Button, Card, CardContent, Chip, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Title, useLocale, useNotify, usePermissions } from 'react-admin';
import { useParams } from 'react-router-dom';
import { canonicalJson, hasPower, type PolicyDocument } from '../../../schema/policy';
import type { Permissions } from '../access';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { ONE, PUBLISHED, type PolicyVersionFull, UPDATE } from './api';
import { DiffView } from './DiffView';
import { ImpactView } from './ImpactView';
import { RolePurposes, StatisticsSettings } from './DraftSettings';
import { type PolicyWords, policyWords } from './labels';
import { MatrixGrid } from './MatrixGrid';
import { PublicationActions } from './PublicationActions';
import { type ProblemMap, problemsOf } from './problems';
import { Refused } from './PolicyVersionsPage';

type TabKey = 'matrix' | 'roles' | 'settings' | 'diff' | 'impact';

/**
 * One policy version (custom route /policy-versions/:id): a draft is edited here by a holder of
 * POWERS.editPolicyDrafts (the grid, purposes per role, the statistics settings) and saved whole with
 * updatePolicyDraft; a refused document saves nothing and each problem is written at its cell or field.
 * Anything else (a published or retired version, or a viewer without the power) is shown read-only.
 */
export function PolicyDraftPage() {
  const { id = '' } = useParams();
  const { permissions } = usePermissions<Permissions>();
  const locale = useLocale();
  const W = policyWords(locale);
  const notify = useNotify();
  const [version, setVersion] = useState<PolicyVersionFull | null>(null);
  const [published, setPublished] = useState<PolicyDocument | null>(null);
  const [doc, setDoc] = useState<PolicyDocument | null>(null);
  const [problems, setProblems] = useState<ProblemMap>({});
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<TabKey>('matrix');
  const mayView = hasPower(permissions?.role, 'viewPolicyVersions');

  useEffect(() => {
    if (!mayView) return;
    Promise.all([
      graphqlClient.query<{ policyVersion: PolicyVersionFull }>({ query: ONE, variables: { id } }),
      graphqlClient.query<{ policyVersions: PolicyVersionFull[] }>({ query: PUBLISHED }),
    ]).then(([one, pub]) => {
      const v = one.data?.policyVersion ?? null;
      setVersion(v);
      setDoc(v?.document ?? null);
      setPublished(pub.data?.policyVersions.find((p) => p.inForce)?.document ?? pub.data?.policyVersions[0]?.document ?? null);
    }).catch((e: unknown) => setError(apiErrorOf(e, locale).message));
  }, [id, mayView, locale]);

  const edit = useCallback((change: (d: PolicyDocument) => void) => {
    setDoc((d) => {
      if (!d) return d;
      const copy = JSON.parse(JSON.stringify(d)) as PolicyDocument;
      change(copy);
      return copy;
    });
  }, []);

  if (!permissions) return null;
  if (!mayView) return <Refused />;
  if (error) return <Card sx={{ mt: 1 }}><CardContent><Alert severity="error">{error}</Alert></CardContent></Card>;
  if (!version || !doc) return null;

  // A draft whose publication is asked for is frozen until approved, rejected or withdrawn (the server refuses edits).
  const editable = version.state === 'DRAFT' && !version.publicationRequested && hasPower(permissions.role, 'editPolicyDrafts');
  const dirty = canonicalJson(doc) !== canonicalJson(version.document);
  const save = async () => {
    try {
      const r = await graphqlClient.mutate<{ updatePolicyDraft: PolicyVersionFull }>({ mutation: UPDATE, variables: { id, document: doc } });
      const saved = r.data?.updatePolicyDraft;
      if (saved) { setVersion(saved); setDoc(saved.document); }
      setProblems({});
      notify(W.saved, { type: 'success' });
    } catch (e) {
      const found = problemsOf(e, W);
      if (found) setProblems(found);
      else notify(apiErrorOf(e, locale).message, { type: 'error' });
    }
  };
  const title = version.number === null ? `${W.draft} #${version.id}` : W.version(version.number);
  const problemCount = Object.keys(problems).length;

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={editable ? W.editorTitle : W.viewTitle} />
      <CardContent>
        <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="h6">{title}</Typography>
          <Chip size="small" label={W.states[version.state] ?? version.state} />
          {version.inForce && <Chip size="small" color="success" label={W.inForce} />}
          {version.publicationRequested && <Chip size="small" color="warning" label={W.pending} data-testid="publication-pending" />}
          <Typography variant="body2" color="text.secondary">{version.label}</Typography>
          <Box sx={{ flexGrow: 1 }} />
          {editable && dirty && <Typography variant="body2" color="warning.main" data-testid="unsaved">{W.unsaved}</Typography>}
          {editable && <Button variant="contained" onClick={save} disabled={!dirty}>{W.save}</Button>}
          {!dirty && <PublicationActions version={version} role={permissions.role} onDone={(v) => { setVersion(v); setDoc(v.document); }} />}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="version-people">
          {[
            version.editedByName && `${W.editedBy}: ${version.editedByName}`,
            version.requestedByName && `${W.requestedBy}: ${version.requestedByName}${version.requestReason ? `(${version.requestReason})` : ''}`,
            version.approvedByName && `${W.approvedBy}: ${version.approvedByName}${version.reason ? `(${version.reason})` : ''}`,
          ].filter(Boolean).join(' ・ ')}
        </Typography>
        {!editable && <Alert severity="info" sx={{ mb: 1 }}>{W.readOnly}</Alert>}
        {problemCount > 0 && (
          <Alert severity="error" sx={{ mb: 1 }} data-testid="draft-problems">
            {W.notSaved}
            <Box component="ul" sx={{ my: 0, pl: 3 }}>
              {Object.entries(problems).slice(0, 10).map(([path, m]) => <li key={path}>{`${describePath(doc, path, W)}: ${m}`}</li>)}
            </Box>
          </Alert>
        )}
        <Tabs value={tab} onChange={(_, t: TabKey) => setTab(t)} sx={{ mb: 1 }}>
          <Tab value="matrix" label={W.tabMatrix} />
          <Tab value="roles" label={W.tabRoles} />
          <Tab value="settings" label={W.tabSettings} />
          {version.state === 'DRAFT' && <Tab value="diff" label={W.tabDiff} />}
          {version.state === 'DRAFT' && <Tab value="impact" label={W.tabImpact} />}
        </Tabs>
        {tab === 'matrix' && (
          <>
            {editable && <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{W.matrixHelp}</Typography>}
            <MatrixGrid doc={doc} published={published} editable={editable} problems={problems}
              onChange={(purpose, category, access) => edit((d) => { d.matrix[purpose][category] = access; })} />
          </>
        )}
        {tab === 'roles' && (
          <RolePurposes doc={doc} editable={editable} problems={problems}
            onToggle={(role, purpose, on) => edit((d) => {
              const list = d.roles[role].purposes.filter((p) => p !== purpose);
              d.roles[role].purposes = on ? [...list, purpose] : list;
            })} />
        )}
        {tab === 'settings' && (
          <StatisticsSettings doc={doc} editable={editable} problems={problems}
            onChange={(key, value) => edit((d) => { d.statistics[key] = value; })} />
        )}
        {tab === 'diff' && <DiffView id={id} doc={doc} revision={version.updatedAt ?? version.createdAt} />}
        {tab === 'impact' && <ImpactView id={id} doc={doc} revision={version.updatedAt ?? version.createdAt} />}
      </CardContent>
    </Card>
  );
}

/** A problem's path in the document's own names, in the UI's language (`roles.CARRIER.purposes.PROMOTION` → 配送業者(委託先) / お得な情報…). */
function describePath(doc: PolicyDocument, path: string, W: PolicyWords): string {
  const [section, key, ...rest] = path.split('.');
  const lookup = (o: Record<string, { ja: string; en: string }> | undefined, k: string) => o?.[k]?.[W.lang] ?? k;
  if (section === 'matrix' && key) return `${lookup(doc.purposes, key)} / ${lookup(doc.categories, rest.join('.'))}`;
  if (section === 'roles' && key) {
    const [field, ...item] = rest;
    const itemName = field === 'purposes' ? lookup(doc.purposes, item.join('.')) : field === 'only' ? lookup(doc.categories, item.join('.')) : item.join('.');
    return [lookup(doc.roles, key), field === 'purposes' ? W.purposes : field === 'only' ? W.only : field, itemName].filter(Boolean).join(' / ');
  }
  if (section === 'statistics' && key) return W[key as 'minGroupSize'] ?? key;
  return path;
}
