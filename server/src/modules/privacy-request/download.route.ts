import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { mayTakeDisclosureFile, PRIVACY_OFFICE_PURPOSE } from '../../../../schema/policy';
import { type Actor, InvalidCredentials, resolveActor } from '../../auth/actor';
import { clientAddressOf } from '../../auth/client-address';
import { loginSettingsOf } from '../../auth/login-settings';
import type { AppDeps } from '../../context';
import { claimDownload, removeDisclosureFiles } from './disclosure.service';
import { emRunner } from '../../db/read-pool';

function refuse(res: Response, status: number, ja: string, en: string): void {
  res.status(status).set('cache-control', 'no-store').json({ error: { code: status, message: `${ja} / ${en}` } });
}

/**
 * GET /downloads/:token — hands a disclosure file over once, to the privacy manager who produced it
 * (Authorization: Bearer, as for the API). 401 without a valid login, 403 for anyone who may not fulfil
 * privacy requests, 404 for an unknown token, 410 once taken or expired; 503 if the trail cannot be written.
 */
export function downloadRoute(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const em = deps.orm.em.fork() as EntityManager;
    let actor: Actor | null = null;
    try {
      actor = await resolveActor(emRunner(em), deps.secret, req.get('authorization'));
    } catch (e) {
      if (!(e instanceof InvalidCredentials)) throw e;
    }
    if (!actor) return refuse(res, 401, 'ログインが必要です', 'Authentication required');
    const declared = req.get('x-purpose');
    // A file is handed to the person who produced it: an API key is never its creator.
    if (actor.kind !== 'staff' || !actor.staffId || !mayTakeDisclosureFile(actor.role, declared)) {
      return refuse(res, 403, 'この役割と利用目的では許可されていません', 'Not allowed for this role and purpose');
    }
    const token = String(req.params.token ?? '');
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return refuse(res, 404, 'ファイルが見つかりません', 'No such file');
    let claim;
    try {
      claim = await claimDownload(em, token, {
        kind: 'ACCESS', staffId: actor.staffId, apiKeyId: actor.apiKeyId, role: actor.role, purpose: PRIVACY_OFFICE_PURPOSE, operation: 'downloadDisclosure',
        queryHash: null, requestId: req.get('x-request-id')?.slice(0, 64) || randomUUID(), clientAddress: clientAddressOf(req, loginSettingsOf(deps).trustedProxies),
      });
    } catch {
      return refuse(res, 503, 'アクセス記録を書き込めないため応答できません', 'The access trail could not be written; nothing was served');
    }
    if (!claim.ok) {
      return claim.status === 410
        ? refuse(res, 410, 'このファイルはダウンロード済みか期限切れです', 'This file was already downloaded or has expired')
        : refuse(res, 404, 'ファイルが見つかりません', 'No such file');
    }
    res.status(200).set({
      'content-type': 'application/zip',
      'content-length': String(claim.bytes),
      'content-disposition': `attachment; filename="${claim.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    // Streamed from disk, then deleted: the hand-over is already recorded, and a file is downloaded once.
    try {
      await pipeline(createReadStream(claim.path), res);
    } catch (e) {
      res.destroy(e as Error);
    } finally {
      await removeDisclosureFiles([claim.path]);
    }
  };
}
