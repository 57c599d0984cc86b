'use client';
import { Button } from '../ui/primitives';

export function PrintButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()}>
      Print report
    </Button>
  );
}
