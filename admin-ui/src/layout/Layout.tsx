import { useMediaQuery, type Theme } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Layout as RaLayout, useSidebarState } from 'react-admin';
import { onNewerPolicyVersion } from '../providers/policyInForce';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

/** Below 1280 px (a 1024 px laptop) the menu starts folded to its icons: the page gets the width. */
function FoldSidebarWhenNarrow() {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down(1280));
  const [, setOpen] = useSidebarState();
  useEffect(() => { if (narrow) setOpen(false); }, [narrow, setOpen]);
  return null;
}

/**
 * A newer policy version came into force (an answer named it): what may be opened and what each button may do are
 * asked again (the auth provider has dropped its session), so menus and buttons follow it without a reload.
 */
function FollowPolicyVersion() {
  const queryClient = useQueryClient();
  useEffect(() => onNewerPolicyVersion(() => void queryClient.invalidateQueries({ queryKey: ['auth'] })), [queryClient]);
  return null;
}

/**
 * The page never scrolls sideways: the content may shrink below its children's width (minWidth 0) and a
 * table wider than the window scrolls inside its own box.
 */
const layoutSx = {
  // react-admin's layout is `min-width: fit-content`: one wide table widened the whole page.
  minWidth: 0,
  '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 },
  '& .RaLayout-content': { width: '100%' },
  '& .RaLayout-content > .MuiCard-root, & .RaLayout-content .MuiCardContent-root': { maxWidth: '100%', minWidth: 0 },
  '& .RaList-content, & .RaShow-card, & .MuiTableContainer-root': { overflowX: 'auto', maxWidth: '100%' },
} as const;

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RaLayout appBar={AppBar} menu={Menu} sx={layoutSx}>
      <FoldSidebarWhenNarrow />
      <FollowPolicyVersion />
      {children}
    </RaLayout>
  );
}
