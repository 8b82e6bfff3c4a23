// jstat ships no type declarations; this is the one function significance.ts uses.
declare module 'jstat' {
  const jStat: {
    studentt: {
      /** CDF of Student's t distribution with `dof` degrees of freedom at `x`. */
      cdf(x: number, dof: number): number;
    };
  };
  export default jStat;
}
