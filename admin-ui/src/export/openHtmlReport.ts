/**
 * The report has no script and needs none: a policy forbidding any keeps it inert even if a name in it
 * (a staff member, a contractor) held markup. It opens under this app's origin, next to the session.
 */
const NO_SCRIPTS = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

function inert(html: string): string {
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${NO_SCRIPTS}`) : `${NO_SCRIPTS}${html}`;
}

/**
 * A printable server-made HTML report in a new tab. The tab is opened at the click (a tab opened after the
 * request returns would be taken for a pop-up and blocked), then given the report as a Blob URL.
 */
export async function openHtmlReport(load: () => Promise<string>): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const url = URL.createObjectURL(new Blob([inert(await load())], { type: 'text/html;charset=utf-8' }));
    if (tab) {
      tab.opener = null;
      tab.location.href = url;
    } else {
      window.open(url, '_blank', 'noopener');
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
