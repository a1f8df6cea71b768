// A webpack loader for the helper bundle: pdfkit loads its standard fonts' metrics (Helvetica…) through a
// require made at run time by createRequire, which a bundle cannot follow (the bundle has no node_modules).
// Plain require calls let webpack put those modules in the bundle, through pdfkit's package "imports".

module.exports = function pdfkitStandardFonts(source) {
  const declaration = /^const require\$1 = module\$1\.createRequire\(.*\n/m;
  if (!declaration.test(source)) throw new Error('pdfkit no longer loads its standard fonts through createRequire: see webpack.pdfkit-loader.js');
  return source.replace(declaration, '').replaceAll("require$1('#standard-fonts/", "require('#standard-fonts/");
};
