/** A tab's content: the tab wraps it in <Labeled>, and `label={false}` keeps that label empty. */
export interface TabContentProps {
  label?: false;
}
