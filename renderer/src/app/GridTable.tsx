import type { ReactNode } from 'react';

/** A `grid` table: one header row of column headings (an empty string for a column without one), the rows as children. */
export function GridTable({ className, headings, children }: { className?: string; headings: readonly string[]; children: ReactNode }) {
  return (
    <table className={className ? `grid ${className}` : 'grid'}>
      <thead>
        <tr>
          {headings.map((heading, i) => (
            <th key={i}>{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
