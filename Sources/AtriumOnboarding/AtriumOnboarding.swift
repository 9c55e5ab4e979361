// AtriumOnboarding: onboarding pages for factory links, as text, Markdown and HTML, with QR
// codes (libqrencode) drawn as PNG images.
//
// It may import AtriumCore and CLibQREncode. Links are rendered by AtriumCore's FactoryRenderer.
